package dev.ferry.balance;

import java.io.PrintWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * What procedures get from the scheduler: the Hadoop configuration, the Spark session copy
 * rounds run on (null in scheduler tests whose procedures copy nothing), and where to say what
 * they do.
 */
public final class BalanceContext {
  private final Configuration conf;
  private final SparkSession spark;
  private final PrintWriter out;

  public BalanceContext(Configuration conf, SparkSession spark, PrintWriter out) {
    this.conf = conf;
    this.spark = spark;
    this.out = out;
  }

  public Configuration conf() {
    return conf;
  }

  /** The session the engine runs copy rounds on. */
  public SparkSession spark() {
    if (spark == null) throw new IllegalStateException("this balance context runs no copies (no Spark session)");
    return spark;
  }

  public void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
