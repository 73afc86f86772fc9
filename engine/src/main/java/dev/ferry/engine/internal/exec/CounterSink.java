package dev.ferry.engine.internal.exec;

import dev.ferry.engine.Counter;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;

/**
 * The executor-side handle on a job's named accumulators. Updated only from the result stage of
 * the job's action, where Spark applies each partition's updates exactly once.
 */
public final class CounterSink implements Serializable {
  private static final long serialVersionUID = 1L;
  private final EnumMap<Counter, LongAccumulator> accumulators;
  private final LongAccumulator sourceChanged;
  private final LongAccumulator streamed;

  /**
   * @param sourceChanged counts the files of COPY_FAILED whose source changed while they were
   *     copied (not a report counter: balance rounds take those up again in the next round)
   */
  public CounterSink(Map<Counter, LongAccumulator> accumulators, LongAccumulator sourceChanged) {
    this(accumulators, sourceChanged, null);
  }

  /**
   * @param streamed bytes read from sources so far (progress only, not a report counter: a retried
   *     file counts twice); running tasks report it in executor heartbeats
   */
  public CounterSink(Map<Counter, LongAccumulator> accumulators, LongAccumulator sourceChanged,
                     LongAccumulator streamed) {
    this.accumulators = new EnumMap<>(accumulators);
    this.sourceChanged = sourceChanged;
    this.streamed = streamed;
  }

  /** {@code n} more bytes read from a source while copying. */
  public void streamed(long n) {
    if (streamed == null) return;
    synchronized (streamed) {
      streamed.add(n);
    }
  }

  /** One more failed file whose source changed while it was copied (it is also in COPY_FAILED). */
  public void sourceChanged() {
    synchronized (sourceChanged) {
      sourceChanged.add(1);
    }
  }

  public void add(Counter counter, long value) {
    LongAccumulator acc = accumulators.get(counter);
    if (acc == null) throw new IllegalArgumentException(counter + " is not a counter of this job");
    if (value == 0) return;
    // a task updates from several copy threads; LongAccumulator.add is not atomic
    synchronized (acc) {
      acc.add(value);
    }
  }

  public void increment(Counter counter) {
    add(counter, 1);
  }
}
