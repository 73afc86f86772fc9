package dev.ferry.balance;

import java.io.PrintWriter;
import org.apache.hadoop.conf.Configuration;

/**
 * What procedures get from the scheduler: the Hadoop configuration, an engine runner (the Spark
 * session, for copy rounds), and where to say what they do.
 */
public final class BalanceContext {
  private final Configuration conf;
  private final Object engine;
  private final PrintWriter out;

  public BalanceContext(Configuration conf, Object engine, PrintWriter out) {
    this.conf = conf;
    this.engine = engine;
    this.out = out;
  }

  public Configuration conf() {
    return conf;
  }

  /** The engine handle procedures run copies with (a SparkSession), or null in scheduler tests. */
  @SuppressWarnings("unchecked")
  public <T> T engine() {
    return (T) engine;
  }

  public void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
