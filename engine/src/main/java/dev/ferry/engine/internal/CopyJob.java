package dev.ferry.engine.internal;

import dev.ferry.engine.internal.exec.CopyPartitionFunction;
import dev.ferry.engine.internal.exec.CounterSink;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.internal.exec.OutcomeLog;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.plan.CopyPlan;
import dev.ferry.engine.internal.plan.CopyPlanner;
import dev.ferry.engine.internal.plan.ListingProblem;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.plan.PartedFile;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import dev.ferry.engine.internal.store.TemporaryNames;
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
 * Runs a copy or an update: resolve, plan, remove what killed runs left, create directories, copy
 * on executors, collect, and remove the job's staging.
 */
final class CopyJob {
  private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);

  private CopyJob() {
  }

  static CopyAction.Result run(JobContext ctx) {
    ResolvedJob job = ctx.job();
    Configuration conf = ctx.conf();
    Instant start = Instant.now();

    long t0 = System.nanoTime();
    CopyPlan plan = plan(job, conf, ctx.partitions());
    LOG.info("Planned {} files ({} to copy, {} to compare) in {} partitions in {} ms", plan.files(),
        plan.filesToCopy(), plan.filesToCompare(), plan.batches().size(), (System.nanoTime() - t0) / 1_000_000);
    if (ctx.spec().dryRun()) {
      return result(ctx, start, null, plan, List.of(), OutcomeReader.empty(ctx.spark(), OutcomeReader.COPY_SCHEMA));
    }
    try (StagingArea staging = staging(job, conf)) {
      long t1 = System.nanoTime();
      removeLeftovers(job, conf, plan);
      if (ctx.spec().cleanupUploads()) abortPendingUploads(job, conf);
      createDirectories(job, conf, plan);
      LOG.info("Created {} directories in {} ms", plan.directoriesToCreate().size(), (System.nanoTime() - t1) / 1_000_000);

      List<CopyOutcome> failures = new ArrayList<>(countListingProblems(job, conf, plan, ctx.counters().sink()));
      if (!plan.batches().isEmpty()) {
        long t2 = System.nanoTime();
        failures.addAll(copy(ctx, plan));
        LOG.info("Copied in {} ms", (System.nanoTime() - t2) / 1_000_000);
      }
      return result(ctx, start, Instant.now(), plan, failures, OutcomeReader.read(ctx, OutcomeReader.COPY_SCHEMA));
    }
  }

  private static CopyResult result(JobContext ctx, Instant start, Instant end, CopyPlan plan,
                                   List<CopyOutcome> failures, Dataset<Row> outcomes) {
    ResolvedJob job = ctx.job();
    int parts = plan.partedFiles().stream().mapToInt(PartedFile::parts).sum();
    CopyAction.Plan summary = new CopyAction.Plan(plan.files(), plan.bytes(), plan.filesToCopy(), plan.bytesToCopy(),
        plan.filesToCompare(), plan.filesToSkip(), plan.directoriesToCreate().size(), plan.partedFiles().size(), parts,
        plan.batches().size());
    return new CopyResult(job.jobId(), job.operation(), job.source().toString(), job.destination().toString(), start,
        end, ctx.counters().snapshot(), summary, failures, ctx.counters().sourceChanged(),
        job.staged() ? null : job.outcomeDir().toString(), outcomes);
  }

  /** The job's own staging for outcome lines when no log directory was given, else null. */
  static StagingArea staging(ResolvedJob job, Configuration conf) {
    if (!job.staged()) return null;
    try {
      return StagingArea.start(job.outcomeDir(), conf);
    } catch (IOException e) {
      throw new JobAbortedException("Cannot create the staging directory " + job.outcomeDir() + ": " + e.getMessage()
          + "; nothing was written; give a writable directory with --log", e);
    }
  }

  private static CopyPlan plan(ResolvedJob job, Configuration conf, int defaultParallelism) {
    try {
      return CopyPlanner.plan(job, conf, defaultParallelism);
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Cannot list " + job.source() + ": " + e + "; nothing was written", e);
    }
  }

  /** Temporaries that killed runs left where this update lists the destination. */
  private static void removeLeftovers(ResolvedJob job, Configuration conf, CopyPlan plan) {
    if (plan.leftovers().isEmpty()) return;
    StoreLocation dst = job.destination();
    try (Store store = dst.open(conf)) {
      Threads.forEach(plan.leftovers(), CopyPlanner.listingThreads(conf, dst), "ferry-sweep",
          rel -> store.deleteRecursively(Store.join(dst.path(), rel)));
      LOG.info("Removed {} temporaries of earlier, unfinished jobs under {}", plan.leftovers().size(), dst);
    } catch (IOException e) {
      LOG.warn("Could not remove all temporaries of earlier jobs under {}: {}", dst, e.toString());
    }
  }

  private static void createDirectories(ResolvedJob job, Configuration conf, CopyPlan plan) {
    StoreLocation dst = job.destination();
    try (Store store = dst.open(conf)) {
      Threads.forEach(plan.directoriesToCreate(), CopyPlanner.listingThreads(conf, dst), "ferry-mkdirs",
          rel -> store.mkdirs(Store.join(dst.path(), rel)));
    } catch (IOException e) {
      throw new JobAbortedException("Cannot create directories under " + dst + ": " + e
          + "; no file was copied, some directories may have been created", e);
    }
  }

  /**
   * Source paths the listing could not take as files: counted (failed, or skipped for special
   * files) and written as outcome lines by the driver.
   */
  private static List<CopyOutcome> countListingProblems(ResolvedJob job, Configuration conf, CopyPlan plan,
                                                        CounterSink counters) {
    if (plan.sourceProblems().isEmpty()) return List.of();
    List<CopyOutcome> failures = new ArrayList<>();
    try (Store logStore = job.outcomeDir().open(conf);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), plan.batches().size() + 1, 0)) {
      for (ListingProblem p : plan.sourceProblems()) {
        counters.increment(Counter.FILES_EXPECTED);
        CopyOutcome o;
        if (p.failed()) {
          counters.increment(Counter.COPY_FAILED);
          o = new CopyOutcome(p.relPath(), CopyOutcome.COPY, CopyOutcome.FAILED, 0, "listed", p.message());
          failures.add(o);
        } else {
          counters.increment(Counter.FILES_SKIPPED);
          o = new CopyOutcome(p.relPath(), CopyOutcome.SKIP, CopyOutcome.OK, 0, p.message(), null);
        }
        log.write(o);
      }
      log.commit();
    } catch (IOException e) {
      throw new JobAbortedException("Cannot write the outcome lines under " + job.outcomeDir() + ": " + e.getMessage()
          + "; no file was copied", e);
    }
    return failures;
  }

  private static List<CopyOutcome> copy(JobContext ctx, CopyPlan plan) {
    ResolvedJob job = ctx.job();
    Configuration conf = ctx.conf();
    boolean sweep = true;
    PartedCopies parted = new PartedCopies(job, conf, plan);
    boolean partsFinished = false;
    try {
      parted.start();
      List<PartTarget> targets = parted.targets();
      CounterSink sink = ctx.counters().sink();
      SparkStage.StageResult<TaskRow> out = SparkStage.run(ctx, plan.batches(),
          bc -> new CopyPartitionFunction(job, bc, sink, targets), plan.files(), plan.bytes());
      // a lost attempt may have left temporaries; a copy into an existing tree may meet those of killed runs
      sweep = out.failedAttempts() > 0 || (job.operation() == Operation.COPY && job.destinationExisted());
      List<CopyOutcome> failures = new ArrayList<>();
      for (TaskRow r : out.rows()) {
        if (!r.isPart()) failures.add(r.failure());
      }
      partsFinished = true;
      failures.addAll(parted.finish(out.rows(), sink, plan.batches().size()));
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
      if (sweep) sweepTemporaries(job, conf, plan);
    }
  }

  /**
   * Removes temporaries beside the targets (of lost task attempts, or of earlier killed jobs), or,
   * when writing directly to an object store, pending multipart uploads under the destination.
   */
  static void sweepTemporaries(ResolvedJob job, Configuration conf, CopyPlan plan) {
    if (job.directWrite()) {
      abortPendingUploads(job, conf);
      return;
    }
    StoreLocation dst = job.destination();
    List<String> dirs = job.sourceIsFile() ? List.of(Store.parent(dst.path())) :
        plan.fileDirectories().stream().map(rel -> Store.join(dst.path(), rel)).toList();
    try (Store store = dst.open(conf)) {
      Threads.forEach(dirs, CopyPlanner.listingThreads(conf, dst), "ferry-sweep", dir -> {
        StoreEntry e = store.stat(dir);
        if (e == null || !e.directory()) return;
        for (StoreEntry child : store.list(dir)) {
          String path = Store.join(dir, child.name());
          if (!child.directory() && TemporaryNames.isTemporaryFile(child.name())) {
            store.delete(path);
          } else if (child.directory() && TemporaryNames.isTemporaryFolder(child.name(), () -> store.list(path))) {
            store.deleteRecursively(path);
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove all temporaries under {}: {}", dst, e.toString());
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
