package dev.ferry.engine;

import dev.ferry.engine.exec.OutcomeLog;
import dev.ferry.engine.spec.ResolvedJob;
import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.StoreEntry;
import java.io.IOException;
import java.util.Collections;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The per-file outcomes a result hands out: read lazily from the user's log directory, or, when
 * they were only staged, copied into Spark's storage before the staging is removed.
 */
final class OutcomeReader {
  private OutcomeReader() {
  }

  /** Null when the outcomes are not wanted (the command line counts and prints only). */
  static Dataset<Row> read(SparkSession spark, ResolvedJob job, Configuration conf, StructType schema, boolean keep) {
    boolean staged = job.outcomeDirIsStaging();
    if (staged && !keep) return null;
    if (!hasParts(job, conf)) return spark.createDataFrame(Collections.emptyList(), schema);
    Dataset<Row> rows = spark.read().schema(schema).json(OutcomeLog.partGlob(job.outcomeDir(), job.spec().jobId()));
    return staged ? rows.localCheckpoint(true) : rows;
  }

  static Dataset<Row> empty(SparkSession spark, StructType schema) {
    return spark.createDataFrame(Collections.emptyList(), schema);
  }

  private static boolean hasParts(ResolvedJob job, Configuration conf) {
    String prefix = job.spec().jobId() + "-part-";
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
