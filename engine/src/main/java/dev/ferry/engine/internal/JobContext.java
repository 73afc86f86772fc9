package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;

import dev.ferry.engine.Progress;
import dev.ferry.engine.internal.spec.JobResolver;
import dev.ferry.engine.internal.spec.JobSpec;
import dev.ferry.engine.internal.spec.ResolvedJob;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Everything one running job needs on the driver: the session, the spec as asked, the job's
 * Hadoop configuration (the spec's settings on top of the session's), the job as resolved
 * against the filesystems, its counters, and where its progress goes.
 */
record JobContext(SparkSession spark, JobSpec spec, Configuration conf, ResolvedJob job, JobCounters counters,
                  Consumer<Progress> progress, Duration progressInterval, boolean keepOutcomes) {

  /** Resolves the spec against the filesystems (throws JobSpecException) and registers the counters. */
  static JobContext start(SparkSession spark, JobSpec spec, Consumer<Progress> progress, Duration interval,
                          boolean keepOutcomes) {
    Configuration conf = JobConfiguration.of(spark.sparkContext(), spec);
    ResolvedJob job = JobResolver.resolve(spec, conf);
    String storageClass = job.options().storageClass();
    if (storageClass != null && "s3a".equals(job.destination().scheme())) {
      conf.set("fs.s3a.create.storage.class", storageClass.toLowerCase(java.util.Locale.ROOT)); // S3A sets it as it writes
    }
    java.util.Set<Counter> extra = java.util.EnumSet.noneOf(Counter.class);
    if (spec.deleteOnSuccess()) extra.add(Counter.SRC_DELETED);
    if (spec.syncSourceDelete() || spec.snapshotDiff() != null) extra.add(Counter.DST_DELETED);
    return new JobContext(spark, spec, conf, job, new JobCounters(spark.sparkContext(), spec.operation(), extra),
        progress, interval, keepOutcomes);
  }

  /** This job, planned from an earlier run's listing (copies are looked at again before they are made). */
  JobContext revalidating() {
    return new JobContext(spark, spec, conf, job.revalidating(), counters, progress, progressInterval, keepOutcomes);
  }

  SparkContext sc() {
    return spark.sparkContext();
  }

  /** Spark tasks for the work: as asked, or four per core of the application. */
  int partitions() {
    return spec.parallelism() > 0 ? spec.parallelism() : Math.max(1, sc().defaultParallelism()) * 4;
  }
}
