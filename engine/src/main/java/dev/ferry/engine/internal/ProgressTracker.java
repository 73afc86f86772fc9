package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;
import dev.ferry.engine.Progress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;

/**
 * Follows a running job: the counters of finished tasks plus the values running tasks report in
 * executor heartbeats, handed to a progress consumer at a fixed interval. Also notes failed task
 * attempts, after which the job sweeps temporaries that a lost attempt may have left.
 */
final class ProgressTracker extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final JobCounters counters;
  private final Map<Long, Counter> ids;
  private final long filesTotal;
  private final long bytesTotal;
  private final long startNanos = System.nanoTime();
  private final long streamedId;
  /** Per running task: its counters' values by ordinal, and its streamed bytes in the last slot. */
  private final Map<Long, long[]> running = new ConcurrentHashMap<>();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final AtomicInteger succeededTasks = new AtomicInteger();
  private final ScheduledExecutorService timer;

  ProgressTracker(SparkContext sc, JobCounters counters, long filesTotal, long bytesTotal,
                  Consumer<Progress> consumer, Duration interval) {
    this.sc = sc;
    this.counters = counters;
    this.ids = counters.ids();
    this.streamedId = counters.streamedId();
    this.filesTotal = filesTotal;
    this.bytesTotal = bytesTotal;
    sc.addSparkListener(this);
    if (consumer != null) {
      timer = Threads.timer("ferry-progress");
      long ms = interval.toMillis();
      timer.scheduleAtFixedRate(() -> consumer.accept(current()), ms, ms, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /**
   * Failed task attempts of the job, once the listener bus (which runs behind the scheduler) has
   * delivered the ends of at least {@code tasks} successful tasks or the wait is over.
   */
  int failedAttempts(int tasks, Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    try {
      while (succeededTasks.get() < tasks && System.nanoTime() < deadline) Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // what was delivered so far will do
    }
    return failedAttempts.get();
  }

  Progress current() {
    Map<Counter, Long> done = counters.snapshot();
    long[] live = new long[Counter.values().length + 1];
    for (long[] r : running.values()) {
      for (int i = 0; i < live.length; i++) live[i] += r[i];
    }
    long files = value(done, live, Counter.FILES_COPIED) + value(done, live, Counter.FILES_SKIPPED)
        + value(done, live, Counter.COPY_FAILED) + value(done, live, Counter.SAME_FILES)
        + value(done, live, Counter.DIFF_FILES) + value(done, live, Counter.DIFF_FAILED);
    long skipped = value(done, live, Counter.BYTES_SKIPPED);
    // bytes of whole files, or of files still being copied (a large file moves before it is done)
    long streamed = counters.streamed() + live[live.length - 1];
    long bytes = Math.max(value(done, live, Counter.BYTES_COPIED) + skipped, Math.min(streamed + skipped, bytesTotal));
    long failed = value(done, live, Counter.COPY_FAILED) + value(done, live, Counter.DIFF_FAILED);
    return new Progress(Math.min(files, filesTotal), filesTotal, Math.min(bytes, bytesTotal), bytesTotal, failed,
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private static long value(Map<Counter, Long> done, long[] live, Counter c) {
    return done.getOrDefault(c, 0L) + live[c.ordinal()];
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    // walked as plain Scala iterables: the element types are scala.collection.Seq on Scala 2.12 and
    // scala.collection.immutable.Seq on 2.13 (Spark 4)
    for (Object o : iterable(update.accumUpdates())) {
      Tuple4<?, ?, ?, ?> t = (Tuple4<?, ?, ?, ?>) o;
      long taskId = (Long) t._1();
      long[] values = null;
      for (Object i : iterable(t._4())) {
        AccumulableInfo info = (AccumulableInfo) i;
        Counter c = ids.get(info.id());
        boolean isStreamed = info.id() == streamedId;
        if (c == null && !isStreamed || info.update().isEmpty()) continue;
        Object v = info.update().get();
        if (!(v instanceof Long l)) continue;
        if (values == null) values = new long[Counter.values().length + 1];
        values[isStreamed ? values.length - 1 : c.ordinal()] = l;
      }
      if (values != null) running.put(taskId, values);
    }
  }

  private static Iterable<Object> iterable(Object scalaIterable) {
    scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) scalaIterable).iterator();
    return () -> new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Object next() {
        return it.next();
      }
    };
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    running.remove(end.taskInfo().taskId());
    if (end.taskInfo().failed() || end.taskInfo().killed()) {
      failedAttempts.incrementAndGet();
    } else {
      succeededTasks.incrementAndGet();
    }
  }

  @Override
  public void close() {
    if (timer != null) timer.shutdownNow();
    sc.removeSparkListener(this);
  }
}
