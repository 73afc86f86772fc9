package dev.ferry.balance;

import dev.ferry.engine.internal.Threads;
import dev.ferry.engine.internal.store.ProcessOwner;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process at a time runs a balance job: a lock file ({@code <journal>/<job>/.lock}) created
 * exclusively in the journal's store, naming its holder (pid, host) and renewed while it runs. A
 * holder whose process is gone (same host) or that has not renewed it within the lease
 * ({@code ferry.balance.lock.lease}, default 2 minutes) loses it to the next process. Before every
 * journal write the holder checks the lock is still its own.
 */
final class JobLock implements AutoCloseable {
  static final String LEASE_KEY = "ferry.balance.lock.lease";
  static final String NAME = ".lock";
  private static final Logger LOG = LoggerFactory.getLogger(JobLock.class);

  /** The job is being run by another process. */
  static final class HeldException extends IOException {
    private final String holder;

    HeldException(String jobId, String holder) {
      super("balance job " + jobId + " is being run by " + holder + "; wait for it to end, or stop it and run "
          + "'ferry balance continue'");
      this.holder = holder;
    }

    String holder() {
      return holder;
    }
  }

  /** Another process took the lock over (this one was presumed dead): this process must stop the job. */
  static final class LostException extends IOException {
    LostException(String message) {
      super(message);
    }
  }

  private final String jobId;
  private final StoreLocation file;
  private final Configuration conf;
  private final ScheduledExecutorService renewer;
  private final ProcessOwner me;

  private JobLock(String jobId, StoreLocation file, Configuration conf, ProcessOwner me) {
    this.jobId = jobId;
    this.file = file;
    this.conf = conf;
    this.me = me;
    long lease = lease(conf);
    this.renewer = Threads.timer("balance-lock-" + jobId);
    long every = Math.max(500, lease / 4);
    renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  static long lease(Configuration conf) {
    return conf.getTimeDuration(LEASE_KEY, TimeUnit.MINUTES.toMillis(2), TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of a job whose folder is {@code jobDir}.
   *
   * @throws HeldException when a live process holds it
   */
  static JobLock acquire(String jobId, StoreLocation jobDir, Configuration conf) throws IOException {
    StoreLocation file = new StoreLocation(jobDir.scheme(), jobDir.authority(), Store.join(jobDir.path(), NAME));
    ProcessOwner me = ProcessOwner.current();
    try (Store store = file.open(conf)) {
      for (int attempt = 0; ; attempt++) {
        try (OutputStream out = store.createNew(file.path())) {
          out.write(me.json());
          return new JobLock(jobId, file, conf, me);
        } catch (FileAlreadyExistsException e) {
          if (attempt > 0) throw new HeldException(jobId, describe(store, file.path()));
        }
        StoreEntry entry = store.stat(file.path());
        if (entry == null) continue; // released meanwhile
        ProcessOwner holder = readHolder(store, file.path());
        if (holder != null && holder.isThisProcess()) {
          throw new HeldException(jobId, "this process (it runs the job already)");
        }
        boolean dead = holder == null ? System.currentTimeMillis() - entry.modificationTime() > lease(conf)
            : holder.isDead(entry.modificationTime(), lease(conf));
        if (!dead) throw new HeldException(jobId, holder == null ? "another process" : holder.describe());
        // take over: move the dead holder's lock aside first, so two takers cannot both win
        String aside = Store.join(Store.parent(file.path()), NAME + ".stale-" + UUID.randomUUID());
        try {
          store.replace(file.path(), aside);
        } catch (IOException moved) {
          continue; // another process took it over first; the next create says who holds it
        }
        ProcessOwner movedAside = ProcessOwner.read(store, aside);
        if (holder != null && movedAside != null && !movedAside.equals(holder)) {
          // a live process took it over between our look and our move: give its lock back
          store.replace(aside, file.path());
          throw new HeldException(jobId, movedAside.describe());
        }
        store.delete(aside);
        LOG.warn("Took over the lock of balance job {} from {}, which is gone", jobId,
            holder == null ? "an unknown process" : holder.describe());
      }
    }
  }

  private static String describe(Store store, String path) throws IOException {
    ProcessOwner holder = readHolder(store, path);
    return holder == null ? "another process" : holder.describe();
  }

  /** The holder a lock names; a lock just created is empty for a moment, so look again briefly. */
  private static ProcessOwner readHolder(Store store, String path) throws IOException {
    for (int i = 0; ; i++) {
      ProcessOwner holder = ProcessOwner.read(store, path);
      if (holder != null || i == 20 || store.stat(path) == null) return holder;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private void renew() {
    try (Store store = file.open(conf)) {
      if (!isMine(store)) return;
      // write aside and rename over it, so that a reader never sees the lock half written
      String fresh = file.path() + ".renew-" + me.pid();
      ProcessOwner.current().write(store, fresh);
      store.replace(fresh, file.path());
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not renew the lock of balance job {}: {}", jobId, e.toString());
    }
  }

  private boolean isMine(Store store) throws IOException {
    ProcessOwner holder = readHolder(store, file.path());
    return holder != null && holder.pid() == me.pid() && holder.host().equals(me.host());
  }

  /** Throws when another process has taken the lock (this one was presumed dead). */
  void check() throws IOException {
    try (Store store = file.open(conf)) {
      if (!isMine(store)) {
        throw new LostException("balance job " + jobId + " is no longer locked by this process ("
            + describe(store, file.path()) + " holds it now); stopping");
      }
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    try (Store store = file.open(conf)) {
      if (isMine(store)) store.delete(file.path());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not release the lock of balance job {}: {}", jobId, e.toString());
    }
  }
}
