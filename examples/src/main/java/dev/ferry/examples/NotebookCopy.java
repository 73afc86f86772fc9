package dev.ferry.examples;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Ferry;
import org.apache.spark.sql.SparkSession;

/**
 * What a notebook paragraph does with Ferry: update a backup on the session it already has, look
 * at the counters and at the files that failed. Runnable on its own with an embedded Spark:
 * {@code NotebookCopy SRC DEST}.
 */
public final class NotebookCopy {
  private NotebookCopy() {
  }

  /** Brings {@code destination} up to date with {@code source} and prints what happened. */
  public static CopyAction.Result backup(SparkSession spark, String source, String destination) {
    CopyAction.Result result = Ferry.copy(spark)
        .source(source)
        .destination(destination)
        .update()
        .execute();
    System.out.println("Job time " + result.jobTime() + ": " + result.counters());
    result.outcomes().filter("status <> 'OK'").show(20, false);
    return result;
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: NotebookCopy SRC DEST");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("ferry notebook example").master("local[*]").getOrCreate();
    int exit;
    try {
      exit = backup(spark, args[0], args[1]).hasFailures() ? 1 : 0;
    } finally {
      spark.stop();
    }
    System.exit(exit);
  }
}
