package dev.ferry.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * SparkSessions for tests, bound to loopback with the UI off: {@code local[N,retries]} in this JVM,
 * or {@code local-cluster[2,1,1024]} whose executors are separate JVMs.
 */
public final class SparkFixture {
  private SparkFixture() {
  }

  /** An in-JVM session whose tasks are retried up to {@code maxFailures} times. */
  public static SparkSession local(int cores, int maxFailures) {
    return base().master("local[" + cores + "," + maxFailures + "]").getOrCreate();
  }

  /**
   * Two executor JVMs of one core and 1 GiB each. Needs SPARK_HOME (surefire sets it to
   * target/spark-home) holding jars/ with the test classpath; class directories go on the
   * executors' extra classpath.
   */
  public static SparkSession localCluster() throws IOException {
    String sparkHome = System.getenv("SPARK_HOME");
    if (sparkHome == null) throw new IllegalStateException("SPARK_HOME is not set; run the tests through Maven");
    Path jars = Path.of(sparkHome, "jars");
    Files.createDirectories(jars);
    List<String> dirs = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(p)) {
        dirs.add(p.toString());
      } else if (entry.endsWith(".jar") && Files.exists(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, p);
      }
    }
    return base().master("local-cluster[2,1,1024]")
        .config("spark.executor.extraClassPath", String.join(java.io.File.pathSeparator, dirs))
        .config("spark.task.maxFailures", "4")
        .getOrCreate();
  }

  private static SparkSession.Builder base() {
    return SparkSession.builder()
        .appName("ferry-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false");
  }
}
