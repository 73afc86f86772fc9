package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;

import dev.ferry.engine.internal.Threads;
import dev.ferry.engine.internal.plan.CopyBatch;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.LocalStore;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of a copy or update: processes one partition's batch with several files in
 * flight, writes the outcome lines, and returns the failed outcomes (a bounded number) to the
 * driver. Runs in the result stage, so its counter updates are applied exactly once.
 */
public final class CopyPartitionFunction implements FlatMapFunction<Iterator<CopyBatch>, TaskRow> {
  private static final long serialVersionUID = 1L;
  /** Failed outcomes a task sends back to the driver; the outcome log holds them all. */
  static final int MAX_FAILURES_RETURNED = 100;

  private final ResolvedJob job;
  private final Broadcast<SerializableConfiguration> conf;
  private final CounterSink counters;
  private final List<PartTarget> partTargets;

  public CopyPartitionFunction(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters,
                               List<PartTarget> partTargets) {
    this.job = job;
    this.conf = conf;
    this.counters = counters;
    this.partTargets = List.copyOf(partTargets);
  }

  @Override
  public Iterator<TaskRow> call(Iterator<CopyBatch> batches) throws IOException {
    TaskContext tc = TaskContext.get();
    long attempt = tc == null ? 0 : tc.taskAttemptId();
    Configuration c = conf.value().get();
    List<TaskRow> rows = Collections.synchronizedList(new ArrayList<>());
    int[] failures = {0};
    BandwidthThrottle throttle = BandwidthThrottle.forLimit(job.bandwidthMBps());
    try (Store src = job.source().open(c);
         Store dst = job.destination().open(c);
         Store logStore = job.outcomeDir().open(c)) {
      FileCopier copier = new FileCopier(job, src, dst, counters, throttle, attempt);
      int n = job.taskThreads() > 0 ? job.taskThreads() : defaultThreads(src, dst);
      while (batches.hasNext()) {
        CopyBatch batch = batches.next();
        try (OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), batch.index(), attempt)) {
          Threads.forEachIndex(batch.size(), n, "ferry-copy", i -> {
            if (batch.decision(i) == CopyDecision.PART) {
              int f = batch.partedFile(i);
              rows.add(copier.copyPart(batch.path(i), batch.offset(i), batch.length(i), batch.part(i), f,
                  partTargets.get(f)));
              return;
            }
            CopyOutcome o = copier.process(batch.path(i), batch.length(i), batch.decision(i));
            log.write(o);
            synchronized (failures) {
              if (o.failed() && failures[0]++ < MAX_FAILURES_RETURNED) rows.add(TaskRow.failure(o));
            }
          });
          log.commit();
        }
      }
    }
    return new ArrayList<>(rows).iterator();
  }

  static int defaultThreads(Store a, Store b) {
    boolean local = a instanceof LocalStore && b instanceof LocalStore;
    boolean objectStore = StoreLocation.isObjectStore(a.scheme()) || StoreLocation.isObjectStore(b.scheme());
    return objectStore ? 16 : local ? 4 : 8;
  }

}
