package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;

import dev.ferry.engine.internal.exec.CounterSink;
import dev.ferry.engine.Operation;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/** The driver-side holder: one named {@link LongAccumulator} per counter of an operation. */
public final class JobCounters {
  private final EnumMap<Counter, LongAccumulator> accumulators = new EnumMap<>(Counter.class);
  private final LongAccumulator sourceChanged;
  private final LongAccumulator streamed;

  public JobCounters(SparkContext sc, Operation operation) {
    this(sc, operation, java.util.Set.of());
  }

  /** With {@code extra}: counters only some jobs have (SRC_DELETED, DST_DELETED). */
  public JobCounters(SparkContext sc, Operation operation, java.util.Set<Counter> extra) {
    for (Counter c : Counter.of(operation)) {
      accumulators.put(c, sc.longAccumulator(c.name()));
    }
    for (Counter c : extra) {
      accumulators.put(c, sc.longAccumulator(c.name()));
    }
    sourceChanged = sc.longAccumulator();
    streamed = sc.longAccumulator();
  }

  public CounterSink sink() {
    return new CounterSink(accumulators, sourceChanged, streamed);
  }

  /** Bytes read from sources by finished tasks (progress only). */
  long streamed() {
    return streamed.value();
  }

  /** The accumulator id of {@link #streamed()}, to follow running tasks. */
  long streamedId() {
    return streamed.id();
  }

  /** Failed files (in COPY_FAILED) whose source changed while they were copied. */
  public long sourceChanged() {
    return sourceChanged.value();
  }

  /** Current values; live while a job runs (completed tasks only), final after it. */
  public Map<Counter, Long> snapshot() {
    Map<Counter, Long> out = new LinkedHashMap<>();
    accumulators.forEach((c, acc) -> out.put(c, acc.value()));
    return Collections.unmodifiableMap(out);
  }

  /** Spark accumulator ids, to follow live updates of running tasks. */
  public Map<Long, Counter> ids() {
    Map<Long, Counter> out = new LinkedHashMap<>();
    accumulators.forEach((c, acc) -> out.put(acc.id(), c));
    return out;
  }
}
