package dev.ferry.engine.internal.plan;

import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.exec.DiffItem;
import dev.ferry.engine.internal.exec.WorkItem;
import java.util.List;

/**
 * What one path means for a job, given what the source and the destination listed there (either
 * may be null): the same rules whether the pairs are merged on the driver (small trees) or
 * joined by Spark (large ones).
 */
public final class Pairing {
  private Pairing() {
  }

  /**
   * The rules of a copy or update.
   *
   * @param syncDelete destination paths the source does not have are deleted (--syncSourceDelete)
   * @param verified a file is only taken as equal after its content was compared (--deleteOnSuccess
   *     deletes the source of what it skips, so equal lengths are not enough)
   */
  public record Rules(Operation operation, boolean disableChecksum, boolean syncDelete, boolean verified)
      implements java.io.Serializable {
    public Rules(Operation operation, boolean disableChecksum) {
      this(operation, disableChecksum, false, false);
    }
  }

  /** Copy or update: the work for one path, or null when there is none. */
  public static WorkItem copy(Operation op, boolean disableChecksum, ListedEntry s, ListedEntry d) {
    return copy(new Rules(op, disableChecksum), s, d);
  }

  /**
   * Copy or update: the work for one path, or null when there is none. A file that --codec
   * encodes or decodes (its entry's note holds its source name) is compared by content whenever
   * the destination has it: lengths say nothing there.
   */
  public static WorkItem copy(Rules rules, ListedEntry s, ListedEntry d) {
    if (s == null) {
      if (d == null) return null;
      if (d.kind() == ListedEntry.Kind.LEFTOVER) return WorkItem.of(d.relPath(), CopyDecision.LEFTOVER, 0, null);
      if (rules.syncDelete() && !d.relPath().isEmpty() && (d.isFile() || d.isDirectory())) {
        return d.isFile() ? WorkItem.of(d.relPath(), CopyDecision.DELETE, d.length(), null)
            : WorkItem.of(d.relPath(), CopyDecision.DELETE_DIR, 0, null);
      }
      return null; // only at the destination: kept
    }
    boolean disable = rules.disableChecksum() && !rules.verified();
    return switch (s.kind()) {
      case DIRECTORY -> d != null && d.isDirectory() ? null : WorkItem.of(s.relPath(), CopyDecision.MKDIR, 0, null);
      case SPECIAL -> WorkItem.of(s.relPath(), CopyDecision.SPECIAL, 0, s.note());
      case UNLISTABLE -> WorkItem.of(s.relPath(), CopyDecision.UNLISTABLE, 0, s.note());
      case FILE -> {
        CopyDecision decision;
        if (s.note() == null) {
          decision = CopyDecision.decide(rules.operation(), s.length(), d, disable);
        } else {
          boolean present = rules.operation() == Operation.UPDATE && d != null && d.isFile();
          decision = !present ? CopyDecision.COPY : disable ? CopyDecision.SKIP : CopyDecision.COMPARE;
        }
        // a file to compare carries the destination object's ETag, when its listing gave one
        String note = s.note() != null ? s.note()
            : decision == CopyDecision.COMPARE && d != null && ListedEntry.etag(d.note()) != null ? d.note() : null;
        yield WorkItem.of(s.relPath(), decision, s.length(), note);
      }
      case LEFTOVER -> null;
    };
  }

  /**
   * Diff: the item for one path, or null when there is nothing to say.
   *
   * @param unreadable destination folders that could not be listed ("a/b/"): whether a source file
   *     is absent there is unknown
   */
  public static DiffItem diff(boolean disableChecksum, ListedEntry s, ListedEntry d, List<String> unreadable) {
    if (s == null) {
      if (d == null || d.kind() == ListedEntry.Kind.LEFTOVER || d.kind() == ListedEntry.Kind.UNLISTABLE) return null;
      return new DiffItem(d.relPath(), d.isDirectory() ? DiffDecision.DST_ONLY_DIR : DiffDecision.DST_ONLY, -1,
          d.isFile() ? d.length() : -1, null);
    }
    return switch (s.kind()) {
      // a file at the destination where the source has a directory
      case DIRECTORY -> d != null && d.isFile() ? new DiffItem(d.relPath(), DiffDecision.DST_ONLY, -1, d.length(), null)
          : null;
      case SPECIAL -> new DiffItem(s.relPath(), DiffDecision.SPECIAL, -1, -1, s.note());
      case UNLISTABLE -> new DiffItem(s.relPath(), DiffDecision.UNLISTABLE, -1, -1, s.note());
      case FILE -> {
        boolean absent = d == null || !d.isFile();
        DiffDecision decision = absent && under(s.relPath(), unreadable) ? DiffDecision.UNREADABLE
            : s.note() != null && !absent ? (disableChecksum ? DiffDecision.SAME_LENGTH : DiffDecision.COMPARE)
            : DiffDecision.decide(s.length(), d, disableChecksum);
        String note = s.note() != null ? s.note()
            : decision == DiffDecision.COMPARE && ListedEntry.etag(d.note()) != null ? d.note() : null;
        yield new DiffItem(s.relPath(), decision, s.length(), absent ? -1 : d.length(), note);
      }
      case LEFTOVER -> null;
    };
  }

  private static boolean under(String rel, List<String> prefixes) {
    for (String p : prefixes) {
      if (rel.startsWith(p)) return true;
    }
    return false;
  }

  /** The folders of a destination listing that could not be listed, as prefixes ("a/b/"). */
  public static List<String> unreadablePrefixes(List<ListedEntry> destination) {
    return destination.stream().filter(e -> e.kind() == ListedEntry.Kind.UNLISTABLE).map(e -> e.relPath() + "/")
        .toList();
  }
}
