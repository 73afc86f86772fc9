package dev.ferry.alerting;

import dev.ferry.engine.JobResult;
import dev.ferry.engine.internal.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a job's alarm to every sink at once, each isolated so that one failing or silent sink
 * neither stops the others nor touches the job's own result, all under one overall deadline: a
 * sink that has not finished by then is reported as not delivered and left behind.
 */
public final class Alerter {
  /** How long all sinks together may take, unless the caller says otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  private Alerter() {
  }

  /** The deliveries, or an empty list when the policy says no alarm. */
  public static List<Delivery> deliver(JobResult result, List<AlarmSink> sinks, Redactor redactor) {
    return deliver(result, sinks, redactor, DEFAULT_DEADLINE);
  }

  /** The deliveries (one per sink, in the sinks' order), or an empty list when the policy says no alarm. */
  public static List<Delivery> deliver(JobResult result, List<AlarmSink> sinks, Redactor redactor, Duration deadline) {
    if (sinks.isEmpty() || !AlarmPolicy.shouldFire(result)) return List.of();
    AlarmContent alarm = AlarmContent.of(result);
    ExecutorService pool = Threads.pool(sinks.size(), "ferry-alarm"); // daemons: a silent sink must not hold the JVM
    try {
      List<Future<Delivery>> running = new ArrayList<>();
      for (AlarmSink sink : sinks) running.add(pool.submit(() -> send(sink, alarm, redactor)));
      long end = System.nanoTime() + deadline.toNanos();
      List<Delivery> out = new ArrayList<>();
      for (int i = 0; i < sinks.size(); i++) {
        out.add(await(sinks.get(i), running.get(i), end, deadline, redactor));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Delivery send(AlarmSink sink, AlarmContent alarm, Redactor redactor) {
    try {
      return new Delivery(sink.name(), true, sink.send(alarm), null);
    } catch (AlarmException e) {
      return new Delivery(sink.name(), false, e.attempts(), redactor.redact(e.getMessage()));
    } catch (RuntimeException e) {
      return new Delivery(sink.name(), false, 1, redactor.redact(e.toString()));
    }
  }

  private static Delivery await(AlarmSink sink, Future<Delivery> f, long endNanos, Duration deadline, Redactor redactor) {
    try {
      return f.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Delivery(sink.name(), false, 0, "no answer within the alarm deadline of " + deadline.toSeconds()
          + " s (--alertTimeout); gave up");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new Delivery(sink.name(), false, 0, "interrupted");
    } catch (ExecutionException e) {
      return new Delivery(sink.name(), false, 1, redactor.redact(String.valueOf(e.getCause())));
    }
  }
}
