package dev.ferry.balance;

import dev.ferry.engine.internal.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs balance jobs as Federation Balance's scheduler does: workers take jobs from the pending
 * queue and run their procedures, journaling after every step; a procedure that asks for a delay
 * goes to the delay queue, whose rooster thread puts it back when due; a job whose journal write
 * failed goes to the recover queue, whose thread reloads its last journaled state and requeues it.
 * Nothing proceeds on an unjournaled step. A failed job keeps its journal for {@code continue}.
 */
public final class BalanceScheduler implements AutoCloseable {
  /** Worker threads. */
  public static final String WORKERS_KEY = "hadoop.hdfs.procedure.work.thread.num";
  private static final Logger LOG = LoggerFactory.getLogger(BalanceScheduler.class);

  private final BalanceJournal journal;
  private final BalanceContext context;
  private final BlockingQueue<BalanceJob> pending = new LinkedBlockingQueue<>();
  private final DelayQueue<DelayedJob> delayed = new DelayQueue<>();
  private final BlockingQueue<String> recover = new LinkedBlockingQueue<>();
  private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();
  private final Map<String, BalanceJob> results = new ConcurrentHashMap<>();
  private final Thread[] threads;
  private volatile boolean running = true;

  public BalanceScheduler(BalanceJournal journal, BalanceContext context, int workers) {
    this.journal = journal;
    this.context = context;
    int n = Math.max(1, workers);
    threads = new Thread[n + 2];
    for (int i = 0; i < n; i++) threads[i] = daemon(this::workLoop, "balance-worker-" + i);
    threads[n] = daemon(this::roosterLoop, "balance-rooster");
    threads[n + 1] = daemon(this::recoverLoop, "balance-recover");
    for (Thread t : threads) t.start();
  }

  private static Thread daemon(Runnable r, String name) {
    return Threads.daemon(name).newThread(r);
  }

  /** Locks and journals a new job, then queues it. */
  public void submit(BalanceJob job) throws IOException {
    journal.lock(job.id());
    finished.put(job.id(), new CountDownLatch(1));
    journal.save(job);
    pending.add(job);
  }

  /** The jobs {@link #continueJobs} queued, and those another process is running (with who runs them). */
  public record Continued(List<String> queued, Map<String, String> heldElsewhere) {
  }

  /** Queues every unfinished job of the journal (failed ones are retried). */
  public Continued continueUnfinished() throws IOException {
    return continueJobs(journal.unfinished());
  }

  /**
   * Locks and queues the given unfinished jobs (failed ones are retried); a job another live
   * process holds is left to it.
   */
  public Continued continueJobs(List<BalanceJob> jobs) throws IOException {
    List<String> queued = new java.util.ArrayList<>();
    Map<String, String> held = new java.util.LinkedHashMap<>();
    for (BalanceJob listed : jobs) {
      try {
        journal.lock(listed.id());
      } catch (JobLock.HeldException e) {
        held.put(listed.id(), e.holder());
        continue;
      }
      BalanceJob job = journal.load(listed.id()); // as its holder left it, now that no one else runs it
      if (job.status() == BalanceJob.Status.DONE) {
        journal.unlock(job.id());
        continue;
      }
      finished.put(job.id(), new CountDownLatch(1));
      if (job.status() == BalanceJob.Status.FAILED) job.retry();
      pending.add(job);
      queued.add(job.id());
    }
    return new Continued(queued, held);
  }

  /** Waits for a job to end; returns it as it ended, or null at the timeout. */
  public BalanceJob await(String id, Duration timeout) throws InterruptedException {
    CountDownLatch latch = finished.get(id);
    if (latch == null) throw new IllegalArgumentException("job " + id + " was not submitted here");
    return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? results.get(id) : null;
  }

  private void workLoop() {
    while (running) {
      try {
        run(pending.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run(BalanceJob job) throws InterruptedException {
    while (true) {
      BalanceProcedure p = job.currentProcedure();
      BalanceProcedure.Result r;
      try {
        r = p.execute(context);
      } catch (InterruptedException e) {
        recover.add(job.id()); // resume from the journal when the scheduler runs again
        throw e;
      } catch (Exception | Error e) {
        LOG.warn("Job {} failed in {}: {}", job.id(), p.name(), e.toString());
        job.fail(e);
        try {
          journal.save(job);
        } catch (IOException io) {
          LOG.warn("Could not journal the failure of job {}: {}", job.id(), io.toString());
        }
        end(job);
        return;
      }
      if (r instanceof BalanceProcedure.Done) job.advance();
      try {
        journal.save(job);
      } catch (JobLock.LostException e) {
        LOG.warn("Stopping job {}: {}", job.id(), e.getMessage());
        job.fail(e);
        end(job);
        return;
      } catch (IOException e) {
        LOG.warn("Could not journal job {} after {}; recovering it from its last entry: {}", job.id(), p.name(),
            e.toString());
        recover.add(job.id());
        return;
      }
      if (job.finished()) {
        end(job);
        return;
      }
      if (r instanceof BalanceProcedure.Delay d) {
        delayed.add(new DelayedJob(job, d.delay()));
        return;
      }
    }
  }

  private void end(BalanceJob job) {
    journal.unlock(job.id());
    results.put(job.id(), job);
    CountDownLatch latch = finished.get(job.id());
    if (latch != null) latch.countDown();
  }

  private void roosterLoop() {
    while (running) {
      try {
        pending.add(delayed.take().job);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void recoverLoop() {
    while (running) {
      String id;
      try {
        id = recover.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        pending.add(journal.load(id));
      } catch (IOException e) {
        LOG.warn("Could not reload job {} from the journal, retrying: {}", id, e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        recover.add(id);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : threads) t.interrupt();
    journal.unlockAll();
  }

  private static final class DelayedJob implements Delayed {
    final BalanceJob job;
    final long dueNanos;

    DelayedJob(BalanceJob job, Duration delay) {
      this.job = job;
      this.dueNanos = System.nanoTime() + delay.toNanos();
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
