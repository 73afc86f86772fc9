package dev.ferry.engine.internal;

import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.exec.OutcomeLog;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import java.io.IOException;
import java.util.Collections;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-file outcomes a result hands out: read lazily from the user's log directory, or, when
 * they were only staged, copied into Spark's storage before the staging is removed.
 */
final class OutcomeReader {
  /** The columns of a copy's or update's outcomes: {@link dev.ferry.engine.CopyOutcome}'s. */
  static final StructType COPY_SCHEMA = new StructType()
      .add("path", DataTypes.StringType)
      .add("action", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("bytes", DataTypes.LongType)
      .add("reason", DataTypes.StringType)
      .add("error", DataTypes.StringType);
  /** The columns of a diff's outcomes: {@link dev.ferry.engine.DiffOutcome}'s. */
  static final StructType DIFF_SCHEMA = new StructType()
      .add("path", DataTypes.StringType)
      .add("category", DataTypes.StringType)
      .add("srcLength", DataTypes.LongType)
      .add("dstLength", DataTypes.LongType)
      .add("srcChecksum", DataTypes.StringType)
      .add("dstChecksum", DataTypes.StringType)
      .add("error", DataTypes.StringType);

  private OutcomeReader() {
  }

  /** Null when the outcomes are not wanted (the command line counts and prints only). */
  static Dataset<Row> read(JobContext ctx, StructType schema) {
    SparkSession spark = ctx.spark();
    ResolvedJob job = ctx.job();
    Configuration conf = ctx.conf();
    boolean staged = job.staged();
    if (staged && !ctx.keepOutcomes()) return null;
    if (!hasParts(job, conf)) return spark.createDataFrame(Collections.emptyList(), schema);
    Dataset<Row> rows = spark.read().schema(schema).json(OutcomeLog.partGlob(job.outcomeDir(), job.jobId()));
    return staged ? rows.localCheckpoint(true) : rows;
  }

  static Dataset<Row> empty(SparkSession spark, StructType schema) {
    return spark.createDataFrame(Collections.emptyList(), schema);
  }

  static boolean hasParts(ResolvedJob job, Configuration conf) {
    String prefix = job.jobId() + "-part-";
    try (Store store = job.outcomeDir().open(conf)) {
      StoreEntry dir = store.stat(job.outcomeDir().path());
      if (dir == null || !dir.directory()) return false;
      return store.list(job.outcomeDir().path()).stream().anyMatch(e -> e.name().startsWith(prefix));
    } catch (IOException e) {
      throw new JobAbortedException("The job finished, but its outcomes under " + job.outcomeDir()
          + " cannot be read: " + e.getMessage(), e);
    }
  }
}
