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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkStage.class);

  private SparkStage() {
  }

  /** Partitions from (inclusive) to (exclusive): one --jobBatch job's share. */
  static final class PartitionRange extends scala.runtime.AbstractFunction1<Object, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;

    PartitionRange(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public Object apply(Object index) {
      int i = (Integer) index;
      return i >= from && i < to;
    }
  }

  /** Even groups of {@code partitions} partitions so that each of about {@code files} / {@code batch} jobs has its share. */
  static int[] evenGroups(int partitions, long files, long batch) {
    if (batch <= 0 || files <= batch) return null;
    int jobs = (int) Math.min(partitions, (files + batch - 1) / batch);
    int[] ends = new int[jobs];
    for (int g = 0; g < jobs; g++) ends[g] = (int) ((long) (g + 1) * partitions / jobs);
    return ends;
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
    return run(ctx, work, function, files, bytes, null);
  }

  /**
   * @param groupEnds with --jobBatch: the work runs as one Spark job per group of partitions,
   *     one after the other; group g holds the partitions before {@code groupEnds[g]} (null: one job)
   */
  static <B, O> StageResult<O> run(JobContext ctx, JavaRDD<B> work,
                                   Function<Broadcast<SerializableConfiguration>, FlatMapFunction<Iterator<B>, O>> function,
                                   long files, long bytes, int[] groupEnds) {
    SparkContext sc = ctx.sc();
    Broadcast<SerializableConfiguration> bc = broadcast(ctx);
    ProgressTracker tracker = new ProgressTracker(sc, ctx.counters(), files, bytes, ctx.progress(),
        ctx.progressInterval());
    try (JobGroup group = JobGroup.enter(sc, ctx.spec())) {
      JavaRDD<O> mapped = work.mapPartitions(function.apply(bc));
      List<O> rows;
      if (groupEnds == null || groupEnds.length <= 1) {
        rows = mapped.collect();
      } else {
        rows = new java.util.ArrayList<>();
        int from = 0;
        for (int g = 0; g < groupEnds.length; g++) {
          int to = groupEnds[g];
          if (to <= from) continue;
          LOG.info("Spark job {} of {} (--jobBatch): partitions {} to {}", g + 1, groupEnds.length, from, to - 1);
          rows.addAll(org.apache.spark.rdd.PartitionPruningRDD.create(mapped.rdd(), new PartitionRange(from, to))
              .toJavaRDD().collect());
          from = to;
        }
      }
      return new StageResult<>(rows, tracker.failedAttempts(work.getNumPartitions(), Duration.ofSeconds(5)));
    } finally {
      tracker.close();
      bc.unpersist(false);
    }
  }
}
