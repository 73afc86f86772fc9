package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.spec.ResolvedJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Lists both trees, pairs them by relative path and decides per file what the executors compare. */
public final class DiffPlanner {
  private DiffPlanner() {
  }

  private record Item(String path, long sourceLength, long destinationLength, DiffDecision decision) {
  }

  /** Destination directories that could not be listed: whether a source file is absent there is unknown. */
  private record UnreadableDirectories(List<String> prefixes) {
    static UnreadableDirectories of(List<ListingProblem> problems) {
      return new UnreadableDirectories(problems.stream().filter(ListingProblem::failed).map(p -> p.relPath() + "/").toList());
    }

    boolean holds(String rel) {
      for (String p : prefixes) {
        if (rel.startsWith(p)) return true;
      }
      return false;
    }
  }

  public static DiffPlan plan(ResolvedJob job, Configuration conf, int partitions) throws IOException {
    Listing sourceListing = CopyPlanner.list(job.source(), job, conf, true);
    Listing destinationListing = CopyPlanner.list(job.destination(), job, conf, false);
    List<FileEntry> source = sourceListing.entries();
    List<FileEntry> destination = destinationListing.entries();
    UnreadableDirectories unreadable = UnreadableDirectories.of(destinationListing.problems());
    boolean disable = job.disableChecksum();
    List<Item> items = new ArrayList<>();
    long files = 0, bytes = 0, missing = 0, lengths = 0, compare = 0, dstOnly = 0;
    int s = 0, d = 0;
    while (s < source.size() || d < destination.size()) {
      FileEntry se = s < source.size() ? source.get(s) : null;
      FileEntry de = d < destination.size() ? destination.get(d) : null;
      int cmp = se == null ? 1 : de == null ? -1 : se.relPath().compareTo(de.relPath());
      if (cmp > 0) { // only at the destination
        items.add(new Item(de.relPath(), -1, de.directory() ? -1 : de.length(),
            de.directory() ? DiffDecision.DST_ONLY_DIR : DiffDecision.DST_ONLY));
        if (!de.directory()) dstOnly++;
        d++;
        continue;
      }
      FileEntry match = cmp == 0 ? de : null;
      s++;
      if (cmp == 0) d++;
      if (se.directory()) {
        if (match != null && !match.directory()) { // a file at the destination where the source has a directory
          items.add(new Item(match.relPath(), -1, match.length(), DiffDecision.DST_ONLY));
          dstOnly++;
        }
        continue;
      }
      DiffDecision decision = match == null && unreadable.holds(se.relPath()) ? DiffDecision.UNREADABLE
          : DiffDecision.decide(se.length(), match, disable);
      items.add(new Item(se.relPath(), se.length(), match == null || match.directory() ? -1 : match.length(), decision));
      files++;
      bytes += se.length();
      switch (decision) {
        case DST_MISS -> missing++;
        case LENGTH_DIFF -> lengths++;
        case COMPARE -> compare++;
        default -> { }
      }
    }
    List<List<Item>> bins = items.isEmpty() ? List.of()
        : PartitionPacker.bins(items, partitions, it -> it.decision().cost(it.sourceLength()));
    List<DiffBatch> batches = new ArrayList<>(bins.size());
    for (int b = 0; b < bins.size(); b++) {
      List<Item> bin = bins.get(b);
      int n = bin.size();
      String[] paths = new String[n];
      long[] sl = new long[n];
      long[] dl = new long[n];
      byte[] dec = new byte[n];
      for (int i = 0; i < n; i++) {
        Item it = bin.get(i);
        paths[i] = it.path();
        sl[i] = it.sourceLength();
        dl[i] = it.destinationLength();
        dec[i] = (byte) it.decision().ordinal();
      }
      batches.add(new DiffBatch(b, paths, sl, dl, dec));
    }
    return new DiffPlan(batches, files, bytes, missing, lengths, compare, dstOnly, sourceListing.problems());
  }
}
