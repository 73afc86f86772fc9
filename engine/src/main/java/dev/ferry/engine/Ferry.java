package dev.ferry.engine;

import dev.ferry.engine.internal.SparkCopyAction;
import dev.ferry.engine.internal.SparkDiffAction;
import org.apache.spark.sql.SparkSession;

/**
 * The entry point for notebooks and applications:
 *
 * <pre>{@code
 * CopyAction.Result r = Ferry.copy(spark)
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
    return new SparkCopyAction(spark);
  }

  /** A copy on the session active when it runs (a notebook's {@code spark}). */
  public static CopyAction copy() {
    return new SparkCopyAction(null);
  }

  /** An update: copies only files that are missing or differ at the destination. */
  public static CopyAction update(SparkSession spark) {
    return copy(spark).update();
  }

  /** An update on the session active when it runs. */
  public static CopyAction update() {
    return copy().update();
  }

  /** A comparison of two trees that writes nothing. */
  public static DiffAction diff(SparkSession spark) {
    return new SparkDiffAction(spark);
  }

  /** A comparison on the session active when it runs. */
  public static DiffAction diff() {
    return new SparkDiffAction(null);
  }
}
