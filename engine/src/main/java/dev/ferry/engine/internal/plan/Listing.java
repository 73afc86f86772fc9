package dev.ferry.engine.internal.plan;

import java.util.List;

/**
 * One listed tree.
 *
 * @param entries files and directories, sorted by relative path
 * @param problems paths that could not be taken as files (unreadable directories, link loops,
 *     special files), sorted by relative path
 * @param leftovers temporaries that earlier, killed Ferry jobs left (destination listings only):
 *     never paired or reported, removed by the next copy or update
 */
public record Listing(List<FileEntry> entries, List<ListingProblem> problems, List<String> leftovers) {

  public static Listing empty() {
    return new Listing(List.of(), List.of(), List.of());
  }
}
