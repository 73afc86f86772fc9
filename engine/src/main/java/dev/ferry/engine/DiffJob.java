package dev.ferry.engine;

import dev.ferry.engine.exec.DiffOutcome;
import dev.ferry.engine.exec.DiffPartitionFunction;
import dev.ferry.engine.plan.DiffPlan;
import dev.ferry.engine.plan.DiffPlanner;
import dev.ferry.engine.spec.JobResolver;
import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.ResolvedJob;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/** Runs a diff: resolve, list both trees, compare on executors, collect. Writes to neither tree. */
final class DiffJob {
  private DiffJob() {
  }

  static JobResult run(SparkSession spark, JobSpec spec, Consumer<Progress> progress, Duration interval) {
    SparkContext sc = spark.sparkContext();
    Configuration conf = JobConfiguration.of(sc, spec);
    ResolvedJob job = JobResolver.resolve(spec, conf);
    Instant start = Instant.now();
    DiffPlan plan;
    try {
      plan = DiffPlanner.plan(job, conf, sc.defaultParallelism());
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Cannot list " + job.source() + " or " + job.destination() + ": " + e
          + "; nothing was compared", e);
    }
    JobCounters counters = new JobCounters(sc, spec.operation());
    if (spec.dryRun()) {
      return result(spark, job, start, null, counters, plan, List.of());
    }
    List<DiffOutcome> differences = List.of();
    if (!plan.batches().isEmpty()) {
      try {
        differences = SparkStage.run(spark, spec, conf, plan.batches(),
            bc -> new DiffPartitionFunction(job, bc, counters.sink(), spec.taskThreads()),
            counters, plan.files(), 0, progress, interval).rows(); // progress by files: a diff moves no bytes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobAbortedException("Diff interrupted; nothing was written", e);
      } catch (RuntimeException e) {
        throw new JobAbortedException("Diff aborted: " + CopyJob.rootMessage(e) + "; nothing was written", e);
      }
    }
    return result(spark, job, start, Instant.now(), counters, plan, differences);
  }

  private static JobResult result(SparkSession spark, ResolvedJob job, Instant start, Instant end,
                                  JobCounters counters, DiffPlan plan, List<DiffOutcome> differences) {
    JobSpec spec = job.spec();
    return new JobResult(spec.jobId(), spec.operation(), job.source(), job.destination(), start, end,
        counters.snapshot(), List.of(), job.outcomeDir(), job.outcomeDirIsStaging(), spec.ignoreFailures(), null,
        plan, differences, spark);
  }
}
