package dev.ferry.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The command line's SparkSession: the one spark-submit configured, or an embedded
 * {@code local[*]} one when no master is set. Stopped on close only if this class created it.
 */
final class OwnedSession implements AutoCloseable {
  private final SparkSession spark;
  private final boolean owned;

  private OwnedSession(SparkSession spark, boolean owned) {
    this.spark = spark;
    this.owned = owned;
  }

  static OwnedSession getOrCreate(String appName) {
    return getOrCreate(appName, null, null);
  }

  /** With {@code queue}: the YARN queue of a session this creates (JindoDistCp's --queue). */
  static OwnedSession getOrCreate(String appName, String queue, java.io.PrintWriter err) {
    boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    long heap = Runtime.getRuntime().maxMemory();
    if (!existed && heap < FerryMain.SPARK_MINIMUM_HEAP) {
      throw new dev.ferry.engine.JobSpecException("Cannot start Spark with a driver heap of " + (heap >> 20)
          + " MiB: it needs at least " + (FerryMain.SPARK_MINIMUM_HEAP >> 20) + " MiB; give 512m or more with "
          + FerryMain.memoryHint());
    }
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName(appName)
        .config("spark.ui.showConsoleProgress", "false");
    if (!conf.contains("spark.master")) b.master("local[*]");
    String master = conf.get("spark.master", "local[*]");
    if (master.startsWith("local") && !conf.contains("spark.executor.heartbeatInterval")) {
      // running tasks report their counters in heartbeats: every 2 s, the progress lines' pace, on this machine
      b.config("spark.executor.heartbeatInterval", "2s");
    }
    if (queue != null) {
      if (existed || !master.startsWith("yarn")) {
        if (err != null) {
          err.println("ferry: note: --queue " + queue + " is ignored: " + (existed ? "the Spark application is already "
              + "running (pass --queue to spark-submit)" : "the master is " + master + ", not YARN"));
        }
      } else {
        b.config("spark.yarn.queue", queue);
      }
    }
    return new OwnedSession(b.getOrCreate(), !existed);
  }

  SparkSession spark() {
    return spark;
  }

  @Override
  public void close() {
    if (owned) spark.stop();
  }
}
