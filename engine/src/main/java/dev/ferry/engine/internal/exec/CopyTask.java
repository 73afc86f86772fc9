package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.internal.Threads;
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

/**
 * What one copy task does with its items, with several in flight: copies, compares, skips,
 * creates folders, removes leftovers; writes one outcome line per file; returns the failed
 * outcomes (a bounded number) and the written parts to the driver. Runs in the result stage of
 * the job's action, so its counter updates are applied exactly once.
 */
final class CopyTask {
  /** Failed outcomes a task sends back to the driver; the outcome log holds them all. */
  static final int MAX_FAILURES_RETURNED = 100;

  private CopyTask() {
  }

  static List<TaskRow> run(ResolvedJob job, Configuration conf, CounterSink counters, List<PartTarget> partTargets,
                           int partition, Iterator<WorkItem> items) throws IOException {
    TaskContext tc = TaskContext.get();
    long attempt = tc == null ? 0 : tc.taskAttemptId();
    List<TaskRow> rows = Collections.synchronizedList(new ArrayList<>());
    int[] failures = {0};
    BandwidthThrottle throttle = BandwidthThrottle.forLimit(job.bandwidthMBps());
    try (Store src = job.source().open(conf);
         Store dst = job.destination().open(conf);
         Store logStore = job.outcomeDir().open(conf);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), partition, attempt)) {
      FileCopier copier = new FileCopier(job, conf, src, dst, counters, throttle, attempt);
      int threads = job.taskThreads() > 0 ? job.taskThreads() : defaultThreads(src, dst);
      Threads.forEachOf(items, threads, "ferry-copy", item -> {
        if (item.decision() == CopyDecision.PART) {
          rows.add(copier.copyPart(item.path(), item.offset(), item.length(), item.part(), item.partedFile(),
              partTargets.get(item.partedFile())));
          return;
        }
        CopyOutcome o = copier.process(item);
        if (o == null) return; // a folder made, a leftover removed: no file
        log.write(o);
        synchronized (failures) {
          if (o.failed() && failures[0]++ < MAX_FAILURES_RETURNED) rows.add(TaskRow.failure(o));
        }
      });
      log.commit();
    }
    return new ArrayList<>(rows);
  }

  static int defaultThreads(Store a, Store b) {
    boolean local = a instanceof LocalStore && b instanceof LocalStore;
    boolean objectStore = StoreLocation.isObjectStore(a.scheme()) || StoreLocation.isObjectStore(b.scheme());
    return objectStore ? 16 : local ? 4 : 8;
  }
}
