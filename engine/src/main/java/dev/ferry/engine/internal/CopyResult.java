package dev.ferry.engine.internal;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A copy's or update's result, as a value. */
record CopyResult(String jobId, Operation operation, String source, String destination, Instant start, Instant end,
                  Map<Counter, Long> counters, CopyAction.Plan plan, List<CopyOutcome> failures, long sourceChanged,
                  String outcomeLocation, Dataset<Row> keptOutcomes) implements CopyAction.Result {

  CopyResult {
    counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters)); // report order
    failures = List.copyOf(failures);
  }

  @Override
  public Dataset<Row> outcomes() {
    if (keptOutcomes == null) throw new IllegalStateException("the outcomes of job " + jobId + " were not kept");
    return keptOutcomes;
  }
}
