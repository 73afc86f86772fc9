package dev.ferry.engine;

import dev.ferry.engine.exec.CounterSink;
import dev.ferry.engine.exec.DiffOutcome;
import dev.ferry.engine.exec.DiffPartitionFunction;
import dev.ferry.engine.exec.OutcomeLog;
import dev.ferry.engine.plan.DiffPlan;
import dev.ferry.engine.plan.DiffPlanner;
import dev.ferry.engine.plan.ListingProblem;
import dev.ferry.engine.spec.JobResolver;
import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.ResolvedJob;
import dev.ferry.engine.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/** Runs a diff: resolve, list both trees, compare on executors, collect. Writes to neither tree. */
final class DiffJob {
  private DiffJob() {
  }

  static JobResult run(SparkSession spark, JobSpec spec, Consumer<Progress> progress, Duration interval,
                       boolean keepOutcomes) {
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
      return new JobResult(spec.jobId(), spec.operation(), job.source(), job.destination(), start, null,
          counters.snapshot(), List.of(), null, spec.ignoreFailures(), null, plan, List.of(), 0,
          OutcomeReader.empty(spark, JobResult.DIFF_SCHEMA));
    }
    try (StagingArea staging = CopyJob.staging(job, conf)) {
      List<DiffOutcome> differences = new ArrayList<>(countListingProblems(job, conf, plan, counters.sink()));
      if (!plan.batches().isEmpty()) {
        try {
          differences.addAll(SparkStage.run(spark, spec, conf, plan.batches(),
              bc -> new DiffPartitionFunction(job, bc, counters.sink(), spec.taskThreads()),
              counters, plan.files(), 0, progress, interval).rows()); // progress by files: a diff moves no bytes
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new JobAbortedException("Diff interrupted; nothing was written", e);
        } catch (RuntimeException e) {
          throw new JobAbortedException("Diff aborted: " + CopyJob.rootMessage(e) + "; nothing was written", e);
        }
      }
      return new JobResult(spec.jobId(), spec.operation(), job.source(), job.destination(), start, Instant.now(),
          counters.snapshot(), List.of(), staging == null ? job.outcomeDir().toString() : null, spec.ignoreFailures(),
          null, plan, differences, 0, OutcomeReader.read(spark, job, conf, JobResult.DIFF_SCHEMA, keepOutcomes));
    }
  }

  /**
   * Source paths that could not be listed are DIFF_FAILED; special files are logged as SKIPPED
   * and not counted (the counters count regular files).
   */
  private static List<DiffOutcome> countListingProblems(ResolvedJob job, Configuration conf, DiffPlan plan,
                                                        CounterSink counters) {
    if (plan.sourceProblems().isEmpty()) return List.of();
    List<DiffOutcome> out = new ArrayList<>();
    try (Store logStore = job.outcomeDir().open(conf);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.spec().jobId(), plan.batches().size(), 0)) {
      for (ListingProblem p : plan.sourceProblems()) {
        DiffOutcome o;
        if (p.failed()) {
          counters.increment(Counter.DIFF_FAILED);
          o = new DiffOutcome(p.relPath(), DiffOutcome.DIFF_FAILED, -1, -1, null, null, p.message());
        } else {
          o = new DiffOutcome(p.relPath(), DiffOutcome.SKIPPED, -1, -1, null, null, p.message());
        }
        log.write(DiffPartitionFunction.fields(o));
        out.add(o);
      }
      log.commit();
    } catch (IOException e) {
      throw new JobAbortedException("Cannot write the outcome lines under " + job.outcomeDir() + ": " + e.getMessage()
          + "; nothing was compared", e);
    }
    return out;
  }
}
