package dev.ferry.engine.internal;

import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.ProcessOwner;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's own working folder ({@code <staging root>/<jobId>}) for its per-file outcome lines (when
 * the user asked for no log), and the listings of large trees. The engine owns it: it is removed
 * when the job ends, and while the job runs a mark ({@code _owner}: pid, host, time) is renewed so
 * that a later job can tell a folder whose job was killed and remove it. Leftovers are removed
 * when their process is gone (same host) or their mark is older than {@code ferry.staging.grace}
 * (default 10 minutes).
 *
 * <p>The listing of a large tree is kept apart, in {@code <staging root>/.listings/<key>} where the
 * key names the job's trees and filters: a run that does not finish (killed, or aborted) leaves it,
 * and the next run of the same job reuses it instead of listing millions of files again, if it is
 * younger than {@code ferry.listing.reuse} (default 24 hours; 0: never). A run that finishes
 * removes it.
 */
final class StagingArea implements AutoCloseable {
  static final String GRACE = "ferry.staging.grace";
  static final String REUSE = "ferry.listing.reuse";
  static final String OWNER = "_owner";
  static final String LISTINGS = ".listings";
  private static final String COMPLETE = "_COMPLETE";
  private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);

  /**
   * A listing's folders: the source's, the destination's (when it has one: a copy lists only its
   * source), and when it was made.
   */
  record Listing(StoreLocation folder, StoreLocation source, StoreLocation destination, boolean hasDestination,
                 Instant made) {
  }

  private final StoreLocation dir;
  private final Configuration conf;
  private final ScheduledExecutorService heartbeat;
  private final StoreLocation listing;
  private boolean listingDone;

  private StagingArea(StoreLocation dir, Configuration conf, ScheduledExecutorService heartbeat, StoreLocation listing) {
    this.dir = dir;
    this.conf = conf;
    this.heartbeat = heartbeat;
    this.listing = listing;
  }

  /** The grace period after which a silent job's staging is taken as abandoned. */
  static long graceMillis(Configuration conf) {
    return conf.getTimeDuration(GRACE, TimeUnit.MINUTES.toMillis(10), TimeUnit.MILLISECONDS);
  }

  static long reuseMillis(Configuration conf) {
    return conf.getTimeDuration(REUSE, TimeUnit.HOURS.toMillis(24), TimeUnit.MILLISECONDS);
  }

  /** Creates the job's folder and its mark, removes abandoned siblings, starts renewing the mark. */
  static StagingArea start(JobContext ctx) {
    ResolvedJob job = ctx.job();
    StoreLocation dir = job.stagingDir();
    Configuration conf = ctx.conf();
    long grace = graceMillis(conf);
    String root = Store.parent(dir.path());
    StoreLocation listing = new StoreLocation(dir.scheme(), dir.authority(), Store.join(root, LISTINGS + "/" + key(job)));
    try (Store store = dir.open(conf)) {
      store.mkdirs(dir.path());
      ProcessOwner.current().write(store, Store.join(dir.path(), OWNER));
      removeAbandoned(store, root, Store.name(dir.path()), grace);
      removeOldListings(store, Store.join(root, LISTINGS), listing.path(), reuseMillis(conf));
    } catch (IOException e) {
      throw new dev.ferry.engine.JobAbortedException("Cannot create the staging folder " + dir + ": " + e.getMessage()
          + "; nothing was written", e);
    }
    ScheduledExecutorService timer = Threads.timer("ferry-staging-heartbeat");
    long every = Math.max(1000, Math.min(30_000, grace / 4));
    timer.scheduleAtFixedRate(() -> renew(dir, conf), every, every, TimeUnit.MILLISECONDS);
    return new StagingArea(dir, conf, timer, listing);
  }

  /** Names a job's listing by what it lists: the operation, both trees and the filters. */
  private static String key(ResolvedJob job) {
    ResolvedJob.Options o = job.options();
    String what = job.source() + "\n" + job.destination() + "\n" + job.excludes() + "\n" + job.prefixes() + "\n"
        + o.includes() + "\n" + o.patterns() + "\n" + (o.codecs() == null ? "" : o.codecs().name());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void renew(StoreLocation dir, Configuration conf) {
    try (Store store = dir.open(conf)) {
      ProcessOwner.current().write(store, Store.join(dir.path(), OWNER));
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not renew the mark of {}: {}", dir, e.toString());
    }
  }

  /** Removes the staging folders of jobs that are gone; never this job's. */
  static void removeAbandoned(Store store, String root, String keep, long graceMillis) {
    try {
      StoreEntry r = store.stat(root);
      if (r == null || !r.directory()) return;
      for (StoreEntry child : store.list(root)) {
        if (!child.directory() || child.name().equals(keep) || !TemporaryNames.JOB_ID.matcher(child.name()).matches()) {
          continue;
        }
        String path = Store.join(root, child.name());
        String mark = Store.join(path, OWNER);
        StoreEntry markEntry = store.stat(mark);
        ProcessOwner owner = markEntry == null ? null : ProcessOwner.read(store, mark);
        boolean dead = owner == null
            ? System.currentTimeMillis() - Math.max(child.modificationTime(), markEntry == null ? 0
                : markEntry.modificationTime()) > graceMillis
            : owner.isDead(markEntry.modificationTime(), graceMillis);
        if (dead) {
          store.deleteRecursively(path);
          LOG.info("Removed the staging of an ended job: {}", path);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the staging of ended jobs under {}: {}", root, e.toString());
    }
  }

  /** Listings too old to be reused by anyone. */
  private static void removeOldListings(Store store, String listings, String keep, long maxAgeMillis) {
    try {
      StoreEntry r = store.stat(listings);
      if (r == null || !r.directory()) return;
      for (StoreEntry child : store.list(listings)) {
        String path = Store.join(listings, child.name());
        if (!path.equals(keep) && System.currentTimeMillis() - child.modificationTime() > maxAgeMillis) {
          store.deleteRecursively(path);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not remove old listings under {}: {}", listings, e.toString());
    }
  }

  /** The listing an unfinished run of this job left, when it is complete and young enough; else null. */
  Listing keptListing() throws IOException {
    if (reuseMillis(conf) <= 0) return null;
    try (Store store = listing.open(conf)) {
      String mark = Store.join(listing.path(), COMPLETE);
      if (store.stat(mark) == null) return null;
      long made;
      boolean withDestination;
      try (InputStream in = store.open(mark)) {
        String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
        made = Long.parseLong(lines[0].strip());
        withDestination = lines.length > 1 && Boolean.parseBoolean(lines[1].strip());
      } catch (NumberFormatException e) {
        return null;
      }
      if (System.currentTimeMillis() - made > reuseMillis(conf)) return null;
      return folders(Instant.ofEpochMilli(made), withDestination);
    }
  }

  /** Empty folders for this job's listing (an incomplete one of an earlier run is dropped). */
  Listing newListing() throws IOException {
    try (Store store = listing.open(conf)) {
      store.deleteRecursively(listing.path());
    }
    return folders(Instant.now(), false);
  }

  private Listing folders(Instant made, boolean withDestination) {
    return new Listing(listing, child(listing, "src"), child(listing, "dst"), withDestination, made);
  }

  private static StoreLocation child(StoreLocation loc, String name) {
    return new StoreLocation(loc.scheme(), loc.authority(), Store.join(loc.path(), name));
  }

  /** Marks a listing complete: a run that does not finish leaves it for the next. */
  void listingComplete(Listing l, boolean withDestination) throws IOException {
    try (Store store = listing.open(conf); OutputStream out = store.create(Store.join(l.folder().path(), COMPLETE))) {
      out.write((l.made().toEpochMilli() + "\n" + withDestination).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The job finished: its listing is not needed again. */
  void listingDone() {
    listingDone = true;
  }

  StoreLocation location() {
    return dir;
  }

  /** Stops renewing and removes the folder (and the listing, when the job finished). */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try (Store store = dir.open(conf)) {
      store.deleteRecursively(dir.path());
      if (listingDone) store.deleteRecursively(listing.path());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the staging folder {}: {}; a later job removes it", dir, e.toString());
    }
  }
}
