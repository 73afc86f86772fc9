package dev.ferry.engine.internal;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.Counter;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a copy or an update: plan (on the driver for small trees, with Spark for large ones),
 * start the uploads of large files, copy on executors, finish the large files, collect, and
 * remove the job's staging.
 */
final class CopyJob {
  private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);

  private CopyJob() {
  }

  static CopyAction.Result run(JobContext ctx) {
    ResolvedJob job = ctx.job();
    Instant start = Instant.now();
    try (StagingArea staging = StagingArea.start(ctx);
         CopyWork work = plan(ctx, staging)) {
      if (ctx.spec().dryRun()) {
        staging.listingDone();
        return result(ctx, start, null, work, List.of(), OutcomeReader.empty(ctx.spark(), OutcomeReader.COPY_SCHEMA));
      }
      ResolvedJob.Options options = job.options();
      List<WorkItem> deletions = options.syncSourceDelete() ? work.deletions(ctx) : List.of();
      checkDeletionLimit(job, deletions.size());
      if (ctx.spec().cleanupUploads()) abortPendingUploads(job, ctx.conf());
      if (job.transaction()) AfterCopy.beginTransaction(ctx);
      List<CopyOutcome> failures;
      try {
        if (!job.sourceIsFile()) makeRoot(ctx);
        work.makeFolders(ctx);
        failures = copy(ctx, work);
      } catch (RuntimeException e) {
        if (job.transaction()) {
          AfterCopy.rollBack(ctx);
          throw new JobAbortedException(CopyJob.rootMessage(e) + "; the transaction was rolled back: nothing was "
              + "published to " + job.destination(), e);
        }
        throw e;
      }
      long failed = ctx.counters().snapshot().getOrDefault(Counter.COPY_FAILED, 0L);
      if (job.transaction()) {
        if (failed > 0) {
          AfterCopy.rollBack(ctx);
          LOG.warn("{} files failed: the transaction was rolled back, nothing was published to {}", failed,
              job.destination());
        } else {
          AfterCopy.publish(ctx, ctx.counters().snapshot().getOrDefault(Counter.FILES_COPIED, 0L));
        }
      }
      if (options.preserveMeta()) AfterCopy.preserveFolderMeta(ctx);
      if (!deletions.isEmpty()) {
        if (failed > 0) {
          LOG.warn("Not deleting {} destination paths whose source is gone: {} files failed to copy; an update "
              + "with --syncSourceDelete deletes them once every copy succeeds", deletions.size(), failed);
        } else {
          AfterCopy.deleteMissing(ctx, deletions);
        }
      }
      if (options.deleteOnSuccess()) AfterCopy.removeEmptiedFolders(ctx);
      if (ctx.spec().manifests().output() != null && !(job.transaction() && failed > 0)) ManifestFiles.write(ctx);
      staging.listingDone();
      return result(ctx, start, Instant.now(), work, failures, OutcomeReader.read(ctx, OutcomeReader.COPY_SCHEMA));
    }
  }

  /**
   * Lists the top of both trees on the driver; a tree that ends within the budget is planned
   * there, a larger one by Spark from listings the executors finish (or from the listing a killed
   * run of the same job left, which is then reused).
   */
  private static CopyWork plan(JobContext ctx, StagingArea staging) {
    ResolvedJob job = ctx.job();
    boolean update = job.operation() == Operation.UPDATE;
    long t0 = System.nanoTime();
    try {
      if (ctx.spec().snapshotDiff() != null) return SnapshotDiffPlan.plan(ctx, staging);
      if (ctx.spec().merge() != null) return MergePlan.plan(ctx, staging);
      if (ManifestFiles.readsPrevious(ctx)) return ManifestFiles.plan(ctx, staging, update);
      return listedPlan(ctx, staging);
    } catch (IOException | RuntimeException e) {
      if (e instanceof JobAbortedException a) throw a;
      if (e instanceof dev.ferry.engine.JobSpecException s) throw s;
      throw new JobAbortedException("Cannot list " + job.source() + ": " + e + "; nothing was written", e);
    } finally {
      LOG.info("Planned in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** The plan from listings of both trees (the source's alone for a copy). */
  static CopyWork listedPlan(JobContext ctx, StagingArea staging) throws IOException {
    ResolvedJob job = ctx.job();
    boolean update = job.operation() == Operation.UPDATE;
    long budget = DistributedPlan.localMax(ctx.conf());
    StagingArea.Listing kept = staging.keptListing();
    if (kept != null) {
      LOG.warn("Reusing the listing an unfinished run of this job made at {}; files changed since are taken up by "
          + "the next update", kept.made());
      if (!update || kept.hasDestination()) {
        return DistributedPlan.copy(ctx.revalidating(), DistributedPlan.read(ctx, kept.source()),
            update ? DistributedPlan.read(ctx, kept.destination()) : null);
      }
      // the unfinished run was a copy: the destination it left is listed now
      TreeLister.Walked dst = Listings.walk(job.destination(), job, ctx.conf(), false, budget);
      Dataset<Row> d = DistributedPlan.listing(ctx, job.destination(), dst, true, kept.destination());
      staging.listingComplete(kept, true);
      return DistributedPlan.copy(ctx, DistributedPlan.read(ctx, kept.source()), d);
    }
    TreeLister.Walked src = Listings.walk(job.source(), job, ctx.conf(), true, budget);
    TreeLister.Walked dst = update ? Listings.walk(job.destination(), job, ctx.conf(), false, budget)
        : new TreeLister.Walked(List.of(), List.of());
    if (src.complete() && dst.complete()) return LocalPlan.copy(ctx, src, dst);
    StagingArea.Listing listing = staging.newListing();
    Dataset<Row> s = DistributedPlan.listing(ctx, job.source(), src, false, listing.source());
    Dataset<Row> d = update ? DistributedPlan.listing(ctx, job.destination(), dst, true, listing.destination()) : null;
    staging.listingComplete(listing, update);
    return DistributedPlan.copy(ctx, s, d);
  }

  private static CopyResult result(JobContext ctx, Instant start, Instant end, CopyWork work,
                                   List<CopyOutcome> failures, Dataset<Row> outcomes) {
    ResolvedJob job = ctx.job();
    return new CopyResult(job.jobId(), job.operation(), job.source().toString(), job.destination().toString(), start,
        end, ctx.counters().snapshot(), work.totals(), failures, ctx.counters().sourceChanged(),
        job.staged() ? null : job.outcomeDir().toString(), outcomes);
  }

  /**
   * --syncSourceDelete's safety limit, checked before anything is written: deleting more than
   * --maxDeletes paths is refused (usually a wrong --src, or a source that is not mounted).
   */
  private static void checkDeletionLimit(ResolvedJob job, long paths) {
    long max = job.options().maxDeletes();
    if (max >= 0 && paths > max) {
      throw new dev.ferry.engine.JobSpecException("Refusing to delete " + paths + " paths at " + job.destination()
          + " whose source is gone: more than --maxDeletes " + max + "; check --src and --dest (a dry run with "
          + "--dryRun lists them), then raise --maxDeletes (or -1 for no limit)");
    }
  }

  /** The destination root, so that an empty source makes an empty destination. */
  private static void makeRoot(JobContext ctx) {
    StoreLocation dst = ctx.job().destination();
    try (Store store = dst.open(ctx.conf())) {
      store.mkdirs(ctx.job().writeFolder(""));
    } catch (IOException e) {
      throw new JobAbortedException("Cannot create " + dst + ": " + e.getMessage() + "; nothing was copied", e);
    }
  }

  private static List<CopyOutcome> copy(JobContext ctx, CopyWork work) {
    ResolvedJob job = ctx.job();
    Configuration conf = ctx.conf();
    boolean sweep = true;
    PartedCopies parted = new PartedCopies(job, conf, work.partedFiles());
    boolean partsFinished = false;
    try {
      parted.start();
      long t0 = System.nanoTime();
      SparkStage.StageResult<TaskRow> out = work.run(ctx, parted.targets());
      LOG.info("Copied in {} ms", (System.nanoTime() - t0) / 1_000_000);
      // a lost attempt may have left temporaries; a copy into an existing tree may meet those of killed runs
      sweep = out.failedAttempts() > 0 || (job.operation() == Operation.COPY && job.destinationExisted());
      List<CopyOutcome> failures = new ArrayList<>();
      for (TaskRow r : out.rows()) {
        if (!r.isPart()) failures.add(r.failure());
      }
      partsFinished = true;
      failures.addAll(parted.finish(out.rows(), ctx.counters().sink(), work.driverPartition()));
      return failures;
    } catch (IOException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new JobAbortedException("Interrupted; the destination holds the files copied so far, "
            + "and an update run finishes the job", e);
      }
      throw new JobAbortedException("Copy aborted: " + rootMessage(e) + "; the destination holds the files "
          + "copied so far (each complete or absent), and an update run finishes the job", e);
    } finally {
      if (!partsFinished) parted.abortAll();
      parted.removePartDirectories();
      if (sweep) {
        if (job.directWrite()) {
          abortPendingUploads(job, conf);
        } else {
          work.sweep(ctx);
        }
      }
    }
  }

  static void abortPendingUploads(ResolvedJob job, Configuration conf) {
    StoreLocation dst = job.destination();
    String path = job.sourceIsFile() ? Store.parent(dst.path()) : dst.path();
    try (Store store = dst.open(conf)) {
      int n = store.abortPendingUploads(path);
      if (n > 0) LOG.warn("Aborted {} multipart uploads pending under {}{}", n, dst.scheme(), "://" + dst.authority() + path);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not abort the multipart uploads pending under {}: {}", dst, e.toString());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
