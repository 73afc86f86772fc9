package dev.ferry.engine.internal;

import dev.ferry.engine.internal.exec.SerializableConfiguration;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The one Spark action of a job: the batches become partitions (one each), the executor function
 * runs in the result stage under the job's group, and its returned rows are collected.
 */
final class SparkStage {
  private SparkStage() {
  }

  /** The collected rows and how many task attempts failed on the way. */
  record StageResult<O>(List<O> rows, int failedAttempts) {
  }

  /**
   * @param files the planned files, for progress
   * @param bytes the planned bytes, for progress (0: progress by files, as a diff moves no bytes)
   */
  static <B, O> StageResult<O> run(JobContext ctx, List<B> batches,
                                   Function<Broadcast<SerializableConfiguration>, FlatMapFunction<Iterator<B>, O>> function,
                                   long files, long bytes) {
    SparkContext sc = ctx.sc();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    JobGroup group = JobGroup.enter(sc, ctx.spec());
    Broadcast<SerializableConfiguration> bc = jsc.broadcast(new SerializableConfiguration(ctx.conf()));
    ProgressTracker tracker = new ProgressTracker(sc, ctx.counters(), files, bytes, ctx.progress(),
        ctx.progressInterval());
    try {
      List<O> rows = jsc.parallelize(batches, batches.size()).mapPartitions(function.apply(bc)).collect();
      return new StageResult<>(rows, tracker.failedAttempts(batches.size(), Duration.ofSeconds(5)));
    } finally {
      tracker.close();
      group.exit();
      bc.unpersist(false);
    }
  }
}
