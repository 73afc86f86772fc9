package dev.ferry.engine.internal;

import dev.ferry.engine.internal.store.ProcessOwner;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's own working directory ({@code <staging root>/<jobId>}) for the per-file outcome lines
 * when the user asked for no log. The engine owns it: it is removed when the job ends, and while
 * the job runs a mark ({@code _owner}: pid, host, time) is renewed so that a later job can tell a
 * directory whose job was killed and remove it. Leftovers are removed when their process is gone
 * (same host) or their mark is older than {@code ferry.staging.grace} (default 10 minutes).
 */
final class StagingArea implements AutoCloseable {
  static final String GRACE = "ferry.staging.grace";
  static final String OWNER = "_owner";
  private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);

  private final StoreLocation dir;
  private final Configuration conf;
  private final ScheduledExecutorService heartbeat;

  private StagingArea(StoreLocation dir, Configuration conf, ScheduledExecutorService heartbeat) {
    this.dir = dir;
    this.conf = conf;
    this.heartbeat = heartbeat;
  }

  /** The grace period after which a silent job's staging is taken as abandoned. */
  static long graceMillis(Configuration conf) {
    return conf.getTimeDuration(GRACE, TimeUnit.MINUTES.toMillis(10), TimeUnit.MILLISECONDS);
  }

  /** Creates the job's directory and its mark, removes abandoned siblings, starts renewing the mark. */
  static StagingArea start(StoreLocation dir, Configuration conf) throws IOException {
    long grace = graceMillis(conf);
    try (Store store = dir.open(conf)) {
      store.mkdirs(dir.path());
      ProcessOwner.current().write(store, Store.join(dir.path(), OWNER));
      removeAbandoned(store, Store.parent(dir.path()), Store.name(dir.path()), grace);
    }
    ScheduledExecutorService timer = Threads.timer("ferry-staging-heartbeat");
    long every = Math.max(1000, Math.min(30_000, grace / 4));
    timer.scheduleAtFixedRate(() -> renew(dir, conf), every, every, TimeUnit.MILLISECONDS);
    return new StagingArea(dir, conf, timer);
  }

  private static void renew(StoreLocation dir, Configuration conf) {
    try (Store store = dir.open(conf)) {
      ProcessOwner.current().write(store, Store.join(dir.path(), OWNER));
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not renew the mark of {}: {}", dir, e.toString());
    }
  }

  /** Removes the staging directories of jobs that are gone; never this job's. */
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

  StoreLocation location() {
    return dir;
  }

  /** Stops renewing and removes the directory. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try (Store store = dir.open(conf)) {
      store.deleteRecursively(dir.path());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the staging directory {}: {}; a later job removes it", dir, e.toString());
    }
  }
}
