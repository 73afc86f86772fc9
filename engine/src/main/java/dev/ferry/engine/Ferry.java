package dev.ferry.engine;

import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.Operation;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The entry point for notebooks and applications, bound to an existing SparkSession:
 *
 * <pre>{@code
 * JobResult r = Ferry.copy(spark)
 *     .source("hdfs://nn:8020/data/t")
 *     .destination("s3a://bucket/t")
 *     .update()
 *     .execute();
 * r.counters();          // FILES_COPIED, FILES_SKIPPED, COPY_FAILED, ...
 * r.outcomes().show();   // one row per file
 * }</pre>
 *
 * Library calls never stop the session or exit the JVM.
 */
public final class Ferry {
  private Ferry() {
  }

  /** A copy (or, with {@code .update()}, an update) on the given session. */
  public static CopyAction copy(SparkSession spark) {
    return new CopyAction(spark);
  }

  /** A copy on the session active in this thread (a notebook's {@code spark}). */
  public static CopyAction copy() {
    return copy(SparkSession.active());
  }

  /**
   * Runs a job built elsewhere (the command line builds its spec from flags).
   *
   * @param progress receives live progress every {@code interval}, or null
   */
  public static JobResult execute(SparkSession spark, JobSpec spec, Consumer<Progress> progress, Duration interval) {
    return execute(spark, spec, progress, interval, true);
  }

  /**
   * @param keepOutcomes keep the per-file outcomes for {@link JobResult#outcomes()} when no log
   *     directory was given (a copy of them is taken before the job's staging is removed)
   */
  public static JobResult execute(SparkSession spark, JobSpec spec, Consumer<Progress> progress, Duration interval,
                                  boolean keepOutcomes) {
    return spec.operation() == Operation.DIFF
        ? DiffJob.run(spark, spec, progress, interval, keepOutcomes)
        : CopyJob.run(spark, spec, progress, interval, keepOutcomes);
  }

  /** A comparison of two trees that writes nothing. */
  public static DiffAction diff(SparkSession spark) {
    return new DiffAction(spark);
  }

  /** A comparison on the session active in this thread. */
  public static DiffAction diff() {
    return diff(SparkSession.active());
  }

  /** An update: copies only files that are missing or differ at the destination. */
  public static CopyAction update(SparkSession spark) {
    return new CopyAction(spark).update();
  }
}
