package dev.ferry.engine.internal;

import dev.ferry.engine.internal.exec.SerializableConfiguration;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The one Spark action that does a job's work: the executor function runs on every partition of
 * the work in the result stage (so its counter updates are applied exactly once), under the
 * job's group, and its returned rows are collected.
 */
final class SparkStage {
  private SparkStage() {
  }

  /** The collected rows and how many task attempts failed on the way. */
  record StageResult<O>(List<O> rows, int failedAttempts) {
  }

  /** The job's configuration, broadcast once for every task. */
  static Broadcast<SerializableConfiguration> broadcast(JobContext ctx) {
    return JavaSparkContext.fromSparkContext(ctx.sc()).broadcast(new SerializableConfiguration(ctx.conf()));
  }

  /**
   * @param files the planned files, for progress
   * @param bytes the planned bytes, for progress (0: progress by files, as a diff moves no bytes)
   */
  static <B, O> StageResult<O> run(JobContext ctx, JavaRDD<B> work,
                                   Function<Broadcast<SerializableConfiguration>, FlatMapFunction<Iterator<B>, O>> function,
                                   long files, long bytes) {
    SparkContext sc = ctx.sc();
    Broadcast<SerializableConfiguration> bc = broadcast(ctx);
    ProgressTracker tracker = new ProgressTracker(sc, ctx.counters(), files, bytes, ctx.progress(),
        ctx.progressInterval());
    try (JobGroup group = JobGroup.enter(sc, ctx.spec())) {
      List<O> rows = work.mapPartitions(function.apply(bc)).collect();
      return new StageResult<>(rows, tracker.failedAttempts(work.getNumPartitions(), Duration.ofSeconds(5)));
    } finally {
      tracker.close();
      bc.unpersist(false);
    }
  }
}
