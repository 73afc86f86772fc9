package dev.ferry.engine.internal;

import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Runs a diff: list both trees, pair and compare on executors, collect. Writes to neither tree. */
final class DiffJob {
  private DiffJob() {
  }

  static DiffAction.Result run(JobContext ctx) {
    ResolvedJob job = ctx.job();
    Instant start = Instant.now();
    try (StagingArea staging = StagingArea.start(ctx);
         DiffWork work = plan(ctx, staging)) {
      staging.listingDone(); // a diff is cheap to run again from scratch: its listing is not kept
      if (ctx.spec().dryRun()) {
        return result(ctx, start, null, work, List.of(), OutcomeReader.empty(ctx.spark(), OutcomeReader.DIFF_SCHEMA));
      }
      List<DiffOutcome> differences = work.run(ctx).rows();
      return result(ctx, start, Instant.now(), work, differences, OutcomeReader.read(ctx, OutcomeReader.DIFF_SCHEMA));
    }
  }

  private static DiffWork plan(JobContext ctx, StagingArea staging) {
    ResolvedJob job = ctx.job();
    try {
      long budget = DistributedPlan.localMax(ctx.conf());
      TreeLister.Walked src = Listings.walk(job.source(), job, ctx.conf(), true, budget);
      TreeLister.Walked dst = Listings.walk(job.destination(), job, ctx.conf(), false, budget);
      if (src.complete() && dst.complete()) return LocalPlan.diff(ctx, src, dst);
      StagingArea.Listing listing = staging.newListing();
      Dataset<Row> s = DistributedPlan.listing(ctx, job.source(), src, false, listing.source());
      Dataset<Row> d = DistributedPlan.listing(ctx, job.destination(), dst, true, listing.destination());
      return DistributedPlan.diff(ctx, s, d);
    } catch (IOException | RuntimeException e) {
      if (e instanceof JobAbortedException a) throw a;
      throw new JobAbortedException("Cannot list " + job.source() + " or " + job.destination() + ": " + e
          + "; nothing was compared", e);
    }
  }

  private static DiffResult result(JobContext ctx, Instant start, Instant end, DiffWork work,
                                   List<DiffOutcome> differences, Dataset<Row> outcomes) {
    ResolvedJob job = ctx.job();
    return new DiffResult(job.jobId(), job.source().toString(), job.destination().toString(), start, end,
        ctx.counters().snapshot(), work.totals(), differences, job.staged() ? null : job.outcomeDir().toString(),
        outcomes);
  }
}
