package dev.ferry.engine.internal.exec;

import dev.ferry.engine.DiffOutcome;

import dev.ferry.engine.internal.Threads;
import dev.ferry.engine.internal.plan.DiffBatch;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of a diff: compares one partition's paths with several in flight, writes one
 * outcome line per differing or failed path, and returns those (a bounded number) to the driver.
 * Runs in the result stage, so its counter updates are applied exactly once.
 */
public final class DiffPartitionFunction implements FlatMapFunction<Iterator<DiffBatch>, DiffOutcome> {
  private static final long serialVersionUID = 1L;
  static final int MAX_RETURNED = 100;

  private final ResolvedJob job;
  private final Broadcast<SerializableConfiguration> conf;
  private final CounterSink counters;

  public DiffPartitionFunction(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters) {
    this.job = job;
    this.conf = conf;
    this.counters = counters;
  }

  @Override
  public Iterator<DiffOutcome> call(Iterator<DiffBatch> batches) throws IOException {
    TaskContext tc = TaskContext.get();
    long attempt = tc == null ? 0 : tc.taskAttemptId();
    Configuration c = conf.value().get();
    List<DiffOutcome> differences = Collections.synchronizedList(new ArrayList<>());
    try (Store src = job.source().open(c);
         Store dst = job.destination().open(c);
         Store logStore = job.outcomeDir().open(c)) {
      FileComparer comparer = new FileComparer(job, src, dst, counters);
      int n = job.taskThreads() > 0 ? job.taskThreads() : CopyPartitionFunction.defaultThreads(src, dst);
      while (batches.hasNext()) {
        DiffBatch batch = batches.next();
        try (OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), batch.index(), attempt)) {
          Threads.forEachIndex(batch.size(), n, "ferry-diff", i -> {
            DiffOutcome o = comparer.process(batch.path(i), batch.sourceLength(i), batch.destinationLength(i),
                batch.decision(i));
            if (!o.differs()) return;
            log.write(fields(o));
            if (differences.size() < MAX_RETURNED) differences.add(o);
          });
          log.commit();
        }
      }
    }
    return new ArrayList<>(differences).iterator();
  }

  public static Map<String, Object> fields(DiffOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", o.path());
    m.put("category", o.category());
    m.put("srcLength", o.sourceLength());
    m.put("dstLength", o.destinationLength());
    m.put("srcChecksum", o.sourceChecksum());
    m.put("dstChecksum", o.destinationChecksum());
    if (o.error() != null) m.put("error", o.error());
    return m;
  }
}
