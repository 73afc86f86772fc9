package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A diff's result, as a value. */
record DiffResult(String jobId, String source, String destination, Instant start, Instant end,
                  Map<Counter, Long> counters, DiffAction.Plan plan, List<DiffOutcome> differences,
                  String outcomeLocation, Dataset<Row> keptOutcomes) implements DiffAction.Result {

  DiffResult {
    counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters)); // report order
    differences = List.copyOf(differences);
  }

  @Override
  public Operation operation() {
    return Operation.DIFF;
  }

  @Override
  public Dataset<Row> outcomes() {
    if (keptOutcomes == null) throw new IllegalStateException("the outcomes of job " + jobId + " were not kept");
    return keptOutcomes;
  }
}
