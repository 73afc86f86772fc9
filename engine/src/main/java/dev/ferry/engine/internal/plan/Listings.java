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

  /**
   * The listing filter of a job's source or destination. Both sides are filtered as the source
   * is (patterns that name the source's URI or absolute path take the same relative paths at the
   * destination), so that what the source leaves out is left alone at the destination. When files
   * change names on their way (--codec), only the prefixes and excludes apply at the destination.
   */
  public static ListingFilter filter(ResolvedJob job, boolean destination) {
    ResolvedJob.Options o = job.options();
    boolean renamed = destination && o.codecs() != null;
    return new ListingFilter(job.source().toString(), job.excludes(), job.prefixes(),
        renamed ? List.of() : o.includes(), renamed ? List.of() : o.patterns());
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
        if (isSource && only.isFile() && job.options().codecs() != null
            && job.options().codecs().transforms(Store.name(root.path()), conf)) {
          only = new ListedEntry("", ListedEntry.Kind.FILE, only.length(), "");
        }
        return new TreeLister.Walked(List.of(only), List.of());
      }
      if (!isSource) {
        StoreEntry e = store.stat(root.path());
        if (e == null || !e.directory()) return new TreeLister.Walked(List.of(), List.of());
      }
      TreeLister.Walked w = TreeLister.list(store, root.path(), List.of(""), filter(job, !isSource), threads(conf, root),
          !isSource, budget);
      if (!isSource || job.options().codecs() == null) return w;
      List<ListedEntry> renamed = new java.util.ArrayList<>(w.entries().size());
      for (ListedEntry e : w.entries()) renamed.add(renamed(e, job.options().codecs(), conf));
      renamed.sort(java.util.Comparator.comparing(ListedEntry::relPath));
      for (int i = 1; i < renamed.size(); i++) {
        if (renamed.get(i).relPath().equals(renamed.get(i - 1).relPath())) collision(job, renamed.get(i).relPath());
      }
      return new TreeLister.Walked(renamed, w.frontier());
    }
  }

  /**
   * A source entry under the name it gets at the destination: a file that --codec encodes or
   * decodes changes name, and keeps its source name in its note.
   */
  public static ListedEntry renamed(ListedEntry e, dev.ferry.engine.internal.spec.Codecs codecs, Configuration conf) {
    if (!e.isFile()) return e;
    String to = codecs.destinationName(e.relPath(), conf);
    return to.equals(e.relPath()) ? e : new ListedEntry(to, ListedEntry.Kind.FILE, e.length(), e.relPath());
  }

  /** Two source files that would become one destination file. */
  public static void collision(ResolvedJob job, String destinationRel) {
    throw new dev.ferry.engine.JobSpecException("Cannot use --codec " + job.options().codecs().name() + ": two source "
        + "files would both become " + Store.join(job.destination().toString(), destinationRel)
        + " (one already compressed, one not); leave one out with --filters, or copy with --codec keep");
  }

  /** The source name of a listed or planned file: its note when --codec renamed it, else its path. */
  public static String sourceRel(String rel, String note, boolean file) {
    return file && note != null ? note : rel;
  }
}
