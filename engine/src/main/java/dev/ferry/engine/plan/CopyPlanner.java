package dev.ferry.engine.plan;

import dev.ferry.engine.spec.Operation;
import dev.ferry.engine.spec.ResolvedJob;
import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.StoreEntry;
import dev.ferry.engine.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Lists the source (and, for an update, the destination), pairs files by relative path, decides
 * per file and packs the work into partitions. The listings are dropped as the plan is built, so
 * the driver holds one copy of the file names at a time.
 */
public final class CopyPlanner {
  /** Directory listings in flight at once on the driver. */
  public static final String LISTING_THREADS = "ferry.listing.threads";

  private CopyPlanner() {
  }

  public static int listingThreads(Configuration conf, StoreLocation loc) {
    return conf.getInt(LISTING_THREADS, loc.isLocal() ? 8 : 32);
  }

  public static CopyPlan plan(ResolvedJob job, Configuration conf, int defaultParallelism) throws IOException {
    List<FileEntry> source = list(job.source(), job, conf, true);
    List<FileEntry> destination = job.operation() == Operation.UPDATE ? list(job.destination(), job, conf, false) : List.of();

    List<String> dirs = new ArrayList<>();
    List<String> fileDirs = new ArrayList<>();
    List<PartitionPacker.Item> items = new ArrayList<>();
    if (!job.sourceIsFile()) {
      boolean rootExists = job.operation() == Operation.UPDATE && exists(job.destination(), conf);
      if (!rootExists) dirs.add("");
    }
    long files = 0, bytes = 0, toCopy = 0, bytesToCopy = 0, toCompare = 0, toSkip = 0;
    int d = 0;
    String lastDir = null;
    for (FileEntry s : source) {
      while (d < destination.size() && destination.get(d).relPath().compareTo(s.relPath()) < 0) d++;
      FileEntry match = d < destination.size() && destination.get(d).relPath().equals(s.relPath()) ? destination.get(d) : null;
      if (s.directory()) {
        if (match == null || !match.directory()) dirs.add(s.relPath());
        continue;
      }
      CopyDecision decision = CopyDecision.decide(job.operation(), s.length(), match, job.spec().disableChecksum());
      items.add(new PartitionPacker.Item(s.relPath(), s.length(), decision));
      files++;
      bytes += s.length();
      switch (decision) {
        case COPY -> { toCopy++; bytesToCopy += s.length(); }
        case COMPARE -> toCompare++;
        case SKIP -> toSkip++;
      }
      if (decision != CopyDecision.SKIP) {
        String parent = parentOf(s.relPath());
        if (!parent.equals(lastDir)) {
          fileDirs.add(parent);
          lastDir = parent;
        }
      }
    }
    source = null; // the items hold the names now
    destination = null;
    int partitions = job.spec().parallelism() > 0 ? job.spec().parallelism() : Math.max(1, defaultParallelism) * 4;
    List<CopyBatch> batches = items.isEmpty() ? List.of() : PartitionPacker.pack(items, partitions);
    return new CopyPlan(dirs, dedupe(fileDirs), batches, files, bytes, toCopy, bytesToCopy, toCompare, toSkip);
  }

  static List<FileEntry> list(StoreLocation root, ResolvedJob job, Configuration conf, boolean isSource)
      throws IOException {
    try (Store store = root.open(conf)) {
      if (job.sourceIsFile()) {
        StoreEntry e = store.stat(root.path());
        if (e == null) {
          if (isSource) throw new IOException("Source " + root + " vanished after the job started");
          return List.of();
        }
        return List.of(new FileEntry("", e.directory(), e.length(), e.modificationTime()));
      }
      if (!isSource) {
        StoreEntry e = store.stat(root.path());
        if (e == null || !e.directory()) return List.of();
      }
      ListingFilter filter = new ListingFilter(root.toString(), job.excludes(), job.prefixes());
      return TreeLister.list(store, root.path(), filter, listingThreads(conf, root));
    }
  }

  private static boolean exists(StoreLocation loc, Configuration conf) throws IOException {
    try (Store store = loc.open(conf)) {
      StoreEntry e = store.stat(loc.path());
      return e != null && e.directory();
    }
  }

  static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  private static List<String> dedupe(List<String> sortedish) {
    List<String> out = new ArrayList<>(new java.util.TreeSet<>(sortedish));
    return out;
  }
}
