package dev.ferry.engine;

import dev.ferry.engine.exec.SerializableConfiguration;
import dev.ferry.engine.spec.JobSpec;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark action of a job: the batches become partitions (one each), the executor function
 * runs in the result stage under the job's group, and its returned rows are collected.
 */
final class SparkStage {
  private SparkStage() {
  }

  /** The collected rows and how many task attempts failed on the way. */
  record Outcome<O>(List<O> rows, int failedAttempts) {
  }

  static <B, O> Outcome<O> run(SparkSession spark, JobSpec spec, Configuration conf, List<B> batches,
                               Function<Broadcast<SerializableConfiguration>, FlatMapFunction<Iterator<B>, O>> function,
                               JobCounters counters, long files, long bytes, Consumer<Progress> progress,
                               Duration interval) throws InterruptedException {
    SparkContext sc = spark.sparkContext();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    JobGroup group = JobGroup.enter(sc, spec);
    Broadcast<SerializableConfiguration> bc = jsc.broadcast(new SerializableConfiguration(conf));
    ProgressTracker tracker = new ProgressTracker(sc, counters, files, bytes, progress, interval);
    try {
      List<O> rows = jsc.parallelize(batches, batches.size()).mapPartitions(function.apply(bc)).collect();
      return new Outcome<>(rows, tracker.failedAttempts(batches.size(), Duration.ofSeconds(5)));
    } finally {
      tracker.close();
      group.exit();
      bc.unpersist(false);
    }
  }
}
