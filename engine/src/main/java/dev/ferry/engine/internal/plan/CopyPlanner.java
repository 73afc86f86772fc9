package dev.ferry.engine.internal.plan;

import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
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
  /** Files at least this large are copied in parts by several tasks where the destination can assemble parts. */
  public static final String PART_THRESHOLD = "ferry.copy.part.threshold";
  /** The size of those parts (at least 5 MiB, S3's minimum). */
  public static final String PART_SIZE = "ferry.copy.part.size";
  static final long MIN_PART = 5L << 20;

  private CopyPlanner() {
  }

  public static int listingThreads(Configuration conf, StoreLocation loc) {
    return conf.getInt(LISTING_THREADS, loc.isLocal() ? 8 : 32);
  }

  public static CopyPlan plan(ResolvedJob job, Configuration conf, int partitions) throws IOException {
    Listing sourceListing = list(job.source(), job, conf, true);
    Listing destinationListing = job.operation() == Operation.UPDATE ? list(job.destination(), job, conf, false)
        : Listing.empty();
    List<FileEntry> source = sourceListing.entries();
    List<FileEntry> destination = destinationListing.entries();

    List<String> dirs = new ArrayList<>();
    List<String> fileDirs = new ArrayList<>();
    List<PartitionPacker.Item> items = new ArrayList<>();
    if (!job.sourceIsFile()) {
      boolean rootExists = job.operation() == Operation.UPDATE && exists(job.destination(), conf);
      if (!rootExists) dirs.add("");
    }
    long threshold = conf.getLongBytes(PART_THRESHOLD, 512L << 20);
    long partSize = Math.max(MIN_PART, conf.getLongBytes(PART_SIZE, 128L << 20));
    boolean canPart = source.stream().anyMatch(e -> !e.directory() && e.length() >= threshold)
        && supportsParts(job, conf);
    List<PartedFile> parted = new ArrayList<>();
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
      CopyDecision decision = CopyDecision.decide(job.operation(), s.length(), match, job.disableChecksum());
      if (decision == CopyDecision.COPY && canPart && s.length() >= threshold && s.length() > partSize) {
        PartedFile pf = new PartedFile(parted.size(), s.relPath(), s.length(),
            (int) ((s.length() + partSize - 1) / partSize));
        parted.add(pf);
        for (int p = 0; p < pf.parts(); p++) {
          long offset = p * partSize;
          items.add(new PartitionPacker.Item(s.relPath(), Math.min(partSize, s.length() - offset), CopyDecision.PART,
              offset, p + 1, pf.index()));
        }
      } else {
        items.add(new PartitionPacker.Item(s.relPath(), s.length(), decision));
      }
      files++;
      bytes += s.length();
      switch (decision) {
        case COPY -> { toCopy++; bytesToCopy += s.length(); }
        case COMPARE -> toCompare++;
        case SKIP -> toSkip++;
        default -> { }
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
    List<CopyBatch> batches = items.isEmpty() ? List.of() : PartitionPacker.pack(items, partitions);
    return new CopyPlan(dirs, dedupe(fileDirs), batches, files, bytes, toCopy, bytesToCopy, toCompare, toSkip,
        List.copyOf(parted), sourceListing.problems(), destinationListing.leftovers());
  }

  static Listing list(StoreLocation root, ResolvedJob job, Configuration conf, boolean isSource)
      throws IOException {
    try (Store store = root.open(conf)) {
      if (job.sourceIsFile()) {
        StoreEntry e = store.stat(root.path());
        if (e == null) {
          if (isSource) throw new IOException("Source " + root + " vanished after the job started");
          return Listing.empty();
        }
        if (e.special()) {
          return new Listing(List.of(), List.of(new ListingProblem("", false,
              "not a regular file (a named pipe, socket or device)")), List.of());
        }
        return new Listing(List.of(new FileEntry("", e.directory(), e.length())), List.of(),
            List.of());
      }
      if (!isSource) {
        StoreEntry e = store.stat(root.path());
        if (e == null || !e.directory()) return Listing.empty();
      }
      ListingFilter filter = new ListingFilter(root.toString(), job.excludes(), job.prefixes());
      return TreeLister.list(store, root.path(), filter, listingThreads(conf, root), !isSource);
    }
  }

  private static boolean supportsParts(ResolvedJob job, Configuration conf) throws IOException {
    StoreLocation dst = job.destination();
    String dir = job.sourceIsFile() ? Store.parent(dst.path()) : dst.path();
    try (Store store = dst.open(conf)) {
      return store.partAssembly(dir) != null;
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
