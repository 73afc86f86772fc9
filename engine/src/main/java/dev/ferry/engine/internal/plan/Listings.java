package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Listing a job's source or destination from the driver, whole or up to a budget. */
public final class Listings {
  /** Directory listings in flight at once in one JVM. */
  public static final String LISTING_THREADS = "ferry.listing.threads";

  private Listings() {
  }

  public static int threads(Configuration conf, StoreLocation loc) {
    return conf.getInt(LISTING_THREADS, loc.isLocal() ? 8 : 32);
  }

  /** The listing filter of a job's source or destination. */
  public static ListingFilter filter(ResolvedJob job, StoreLocation root) {
    return new ListingFilter(root.toString(), job.excludes(), job.prefixes());
  }

  /**
   * Lists a job's source or destination until about {@code budget} entries are listed. A
   * single-file source lists as one entry ""; a destination that is missing or not a folder lists
   * as nothing.
   */
  public static TreeLister.Walked walk(StoreLocation root, ResolvedJob job, Configuration conf, boolean isSource,
                                       long budget) throws IOException {
    try (Store store = root.open(conf)) {
      if (job.sourceIsFile()) {
        StoreEntry e = store.stat(root.path());
        if (e == null) {
          if (isSource) throw new IOException("Source " + root + " vanished after the job started");
          return new TreeLister.Walked(List.of(), List.of());
        }
        ListedEntry only = e.special()
            ? new ListedEntry("", ListedEntry.Kind.SPECIAL, 0, "not a regular file (a named pipe, socket or device)")
            : e.directory() ? ListedEntry.directory("") : ListedEntry.file("", e.length());
        return new TreeLister.Walked(List.of(only), List.of());
      }
      if (!isSource) {
        StoreEntry e = store.stat(root.path());
        if (e == null || !e.directory()) return new TreeLister.Walked(List.of(), List.of());
      }
      return TreeLister.list(store, root.path(), List.of(""), filter(job, root), threads(conf, root), !isSource, budget);
    }
  }
}
