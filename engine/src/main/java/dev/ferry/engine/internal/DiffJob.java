package dev.ferry.engine.internal;

import dev.ferry.engine.internal.exec.CounterSink;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.internal.exec.DiffPartitionFunction;
import dev.ferry.engine.internal.exec.OutcomeLog;
import dev.ferry.engine.internal.plan.DiffPlan;
import dev.ferry.engine.internal.plan.DiffPlanner;
import dev.ferry.engine.internal.plan.ListingProblem;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs a diff: resolve, list both trees, compare on executors, collect. Writes to neither tree. */
final class DiffJob {
  private DiffJob() {
  }

  static DiffAction.Result run(JobContext ctx) {
    ResolvedJob job = ctx.job();
    Configuration conf = ctx.conf();
    Instant start = Instant.now();
    DiffPlan plan;
    try {
      plan = DiffPlanner.plan(job, conf, ctx.partitions());
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Cannot list " + job.source() + " or " + job.destination() + ": " + e
          + "; nothing was compared", e);
    }
    if (ctx.spec().dryRun()) {
      return result(ctx, start, null, plan, List.of(), OutcomeReader.empty(ctx.spark(), OutcomeReader.DIFF_SCHEMA));
    }
    try (StagingArea staging = CopyJob.staging(job, conf)) {
      CounterSink sink = ctx.counters().sink();
      List<DiffOutcome> differences = new ArrayList<>(countListingProblems(job, conf, plan, sink));
      if (!plan.batches().isEmpty()) {
        try {
          differences.addAll(SparkStage.run(ctx, plan.batches(), bc -> new DiffPartitionFunction(job, bc, sink),
              plan.files(), 0).rows());
        } catch (RuntimeException e) {
          throw new JobAbortedException("Diff aborted: " + CopyJob.rootMessage(e) + "; nothing was written", e);
        }
      }
      return result(ctx, start, Instant.now(), plan, differences, OutcomeReader.read(ctx, OutcomeReader.DIFF_SCHEMA));
    }
  }

  private static DiffResult result(JobContext ctx, Instant start, Instant end, DiffPlan plan,
                                   List<DiffOutcome> differences, Dataset<Row> outcomes) {
    ResolvedJob job = ctx.job();
    DiffAction.Plan summary = new DiffAction.Plan(plan.files(), plan.bytes(), plan.missing(), plan.lengthDiffers(),
        plan.toCompare(), plan.destinationOnly(), plan.batches().size());
    return new DiffResult(job.jobId(), job.source().toString(), job.destination().toString(), start, end,
        ctx.counters().snapshot(), summary, differences, job.staged() ? null : job.outcomeDir().toString(), outcomes);
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
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), plan.batches().size(), 0)) {
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
