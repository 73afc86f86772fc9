package dev.ferry.engine.internal.exec;

import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.internal.Threads;
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

/**
 * What one diff task does with its paths, with several in flight: compares and counts them,
 * writes one outcome line per differing, failed or skipped path, and returns those (a bounded
 * number) to the driver. Runs in the result stage, so its counter updates are applied once.
 */
final class DiffTask {
  static final int MAX_RETURNED = 100;

  private DiffTask() {
  }

  static List<DiffOutcome> run(ResolvedJob job, Configuration conf, CounterSink counters, int partition,
                               Iterator<DiffItem> items) throws IOException {
    TaskContext tc = TaskContext.get();
    long attempt = tc == null ? 0 : tc.taskAttemptId();
    List<DiffOutcome> differences = Collections.synchronizedList(new ArrayList<>());
    try (Store src = job.source().open(conf);
         Store dst = job.destination().open(conf);
         Store logStore = job.outcomeDir().open(conf);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), partition, attempt)) {
      FileComparer comparer = new FileComparer(job, conf, src, dst, counters);
      int threads = job.taskThreads() > 0 ? job.taskThreads() : CopyTask.defaultThreads(src, dst);
      Threads.forEachOf(items, threads, "ferry-diff", item -> {
        DiffOutcome o = comparer.process(item);
        if (!o.differs()) return;
        log.write(fields(o));
        synchronized (differences) {
          if (differences.size() < MAX_RETURNED) differences.add(o);
        }
      });
      log.commit();
    }
    return new ArrayList<>(differences);
  }

  static Map<String, Object> fields(DiffOutcome o) {
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
