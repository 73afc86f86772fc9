package dev.ferry.engine;

import dev.ferry.engine.exec.CopyPartitionFunction;
import dev.ferry.engine.exec.FileCopier;
import dev.ferry.engine.exec.FileOutcome;
import dev.ferry.engine.exec.PartTarget;
import dev.ferry.engine.exec.TaskRow;
import java.util.ArrayList;
import dev.ferry.engine.plan.CopyPlan;
import dev.ferry.engine.plan.CopyPlanner;
import dev.ferry.engine.spec.JobResolver;
import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.ResolvedJob;
import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.StoreEntry;
import dev.ferry.engine.store.StoreLocation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a copy or an update: resolve, plan, create directories, copy on executors, collect. */
final class CopyJob {
  private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);

  private CopyJob() {
  }

  static JobResult run(SparkSession spark, JobSpec spec, Consumer<Progress> progress, Duration progressInterval) {
    SparkContext sc = spark.sparkContext();
    Configuration conf = JobConfiguration.of(sc, spec);
    ResolvedJob job = JobResolver.resolve(spec, conf);
    Instant start = Instant.now();

    long t0 = System.nanoTime();
    CopyPlan plan = plan(job, conf, sc.defaultParallelism());
    LOG.info("Planned {} files ({} to copy, {} to compare) in {} partitions in {} ms", plan.files(),
        plan.filesToCopy(), plan.filesToCompare(), plan.batches().size(), (System.nanoTime() - t0) / 1_000_000);
    if (spec.dryRun()) {
      return new JobResult(spec.jobId(), spec.operation(), job.source(), job.destination(), start, null,
          new JobCounters(sc, spec.operation()).snapshot(), List.of(), job.outcomeDir(), job.outcomeDirIsStaging(),
          spec.ignoreFailures(), plan, spark);
    }
    long t1 = System.nanoTime();
    if (spec.cleanupUploads()) abortPendingUploads(job, conf);
    createDirectories(job, conf, plan);
    LOG.info("Created {} directories in {} ms", plan.directoriesToCreate().size(), (System.nanoTime() - t1) / 1_000_000);

    JobCounters counters = new JobCounters(sc, spec.operation());
    List<FileOutcome> failures = List.of();
    if (!plan.batches().isEmpty()) {
      long t2 = System.nanoTime();
      failures = copy(spark, job, conf, plan, counters, progress, progressInterval);
      LOG.info("Copied in {} ms", (System.nanoTime() - t2) / 1_000_000);
    }
    return new JobResult(spec.jobId(), spec.operation(), job.source(), job.destination(), start, Instant.now(),
        counters.snapshot(), failures, job.outcomeDir(), job.outcomeDirIsStaging(), spec.ignoreFailures(), plan, spark);
  }

  private static CopyPlan plan(ResolvedJob job, Configuration conf, int defaultParallelism) {
    try {
      return CopyPlanner.plan(job, conf, defaultParallelism);
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Cannot list " + job.source() + ": " + e + "; nothing was written", e);
    }
  }

  private static void createDirectories(ResolvedJob job, Configuration conf, CopyPlan plan) {
    StoreLocation dst = job.destination();
    try (Store store = dst.open(conf)) {
      Parallel.forEach(plan.directoriesToCreate(), CopyPlanner.listingThreads(conf, dst),
          rel -> store.mkdirs(Store.join(dst.path(), rel)));
    } catch (IOException e) {
      throw new JobAbortedException("Cannot create directories under " + dst + ": " + e
          + "; no file was copied, some directories may have been created", e);
    }
  }

  private static List<FileOutcome> copy(SparkSession spark, ResolvedJob job, Configuration conf, CopyPlan plan,
                                        JobCounters counters, Consumer<Progress> progress, Duration interval) {
    boolean sweep = true;
    PartedCopies parted = new PartedCopies(job, conf, plan);
    boolean partsFinished = false;
    try {
      parted.start();
      List<PartTarget> targets = parted.targets();
      SparkStage.Outcome<TaskRow> out = SparkStage.run(spark, job.spec(), conf, plan.batches(),
          bc -> new CopyPartitionFunction(job, bc, counters.sink(), job.spec().taskThreads(), targets),
          counters, plan.files(), plan.bytes(), progress, interval);
      sweep = out.failedAttempts() > 0;
      List<FileOutcome> failures = new ArrayList<>();
      for (TaskRow r : out.rows()) {
        if (!r.isPart()) failures.add(r.failure());
      }
      partsFinished = true;
      failures.addAll(parted.finish(out.rows(), counters.sink(), plan.batches().size()));
      return failures;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobAbortedException("Interrupted; the destination holds the files copied so far, "
          + "and an update run finishes the job", e);
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Copy aborted: " + rootMessage(e) + "; the destination holds the files "
          + "copied so far (each complete or absent), and an update run finishes the job", e);
    } finally {
      if (!partsFinished) parted.abortAll();
      parted.removePartDirectories();
      if (sweep) sweepTemporaries(job, conf, plan);
    }
  }

  /**
   * Removes what a lost task attempt may have left: temporaries beside their targets, or, when
   * writing directly to an object store, pending multipart uploads under the destination.
   */
  static void sweepTemporaries(ResolvedJob job, Configuration conf, CopyPlan plan) {
    if (job.directWrite()) {
      abortPendingUploads(job, conf);
      return;
    }
    String prefix = FileCopier.tempPrefix(job.spec().jobId());
    StoreLocation dst = job.destination();
    List<String> dirs = job.sourceIsFile() ? List.of(Store.parent(dst.path())) :
        plan.fileDirectories().stream().map(rel -> Store.join(dst.path(), rel)).toList();
    try (Store store = dst.open(conf)) {
      Parallel.forEach(dirs, CopyPlanner.listingThreads(conf, dst), dir -> {
        StoreEntry e = store.stat(dir);
        if (e == null || !e.directory()) return;
        for (StoreEntry child : store.list(dir)) {
          if (!child.directory() && child.name().startsWith(prefix)) store.delete(Store.join(dir, child.name()));
        }
      });
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove all temporaries of job {} under {}: {}", job.spec().jobId(), dst, e.toString());
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
