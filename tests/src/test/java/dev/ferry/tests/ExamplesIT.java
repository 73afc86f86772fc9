package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.JobResult;
import dev.ferry.examples.NotebookCopy;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs: the spark-submit script on the application jar, and the notebook API example. */
@Timeout(600)
class ExamplesIT {
  static final Path REPO = FerryProcess.REPO;
  static final Path SAMPLE = REPO.resolve("examples/sample-data/hourly_table");

  @TempDir
  Path tmp;

  /**
   * A SPARK_HOME whose spark-submit runs Spark's own SparkSubmit with Spark and Hadoop only:
   * Ferry's classes and picocli must come from the application jar, as on a cluster.
   */
  Path sparkHome() throws Exception {
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath().normalize();
      String name = p.getFileName().toString();
      if (p.startsWith(REPO) || name.startsWith("picocli") || name.startsWith("ferry-")) continue;
      cp.add(p.toString());
    }
    Path home = tmp.resolve("spark-home");
    Files.createDirectories(home.resolve("bin"));
    Path submit = home.resolve("bin/spark-submit");
    String opens = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
        .stream().filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+Ignore") || a.startsWith("-Djdk.reflect")).toList());
    Files.writeString(submit, "#!/usr/bin/env bash\nexec java " + opens + " -cp '" + String.join(":", cp)
        + "' org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void sparkSubmitScriptCopiesWithTheApplicationJar() throws Exception {
    Path jar = REPO.resolve("cli/target/ferry-app.jar");
    assertThat(jar).as("mvn verify packages the application jar before the tests").exists();
    Path dst = tmp.resolve("dst");
    Path report = tmp.resolve("r.json");
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("examples/spark-submit/ferry-copy.sh").toString(),
        SAMPLE.toString(), dst.toString(), "--report", report.toString(), "--quiet");
    pb.environment().put("SPARK_HOME", sparkHome().toString());
    pb.environment().put("SPARK_MASTER", "local[2]");
    pb.environment().put("SPARK_SUBMIT_ARGS", "--conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false");
    pb.environment().put("FERRY_JAR", jar.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("submit.log").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("submit.log"))).isZero();

    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(SAMPLE));
    var json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("Counter").get("FILES_COPIED").asLong()).isEqualTo(
        Trees.readLocal(SAMPLE).keySet().stream().filter(k -> !k.endsWith("/")).count());
  }

  /**
   * README's quick-start command, as a user types it, under the C locale of cron jobs and CI
   * (the sample data holds a non-ASCII name).
   */
  @Test
  void readmeQuickStartRunsThroughBinFerry() throws Exception {
    Path dst = tmp.resolve("ferry-demo/hourly_table");
    Path report = tmp.resolve("ferry-demo/report.json");
    ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/ferry").toString(),
        "--src", "examples/sample-data/hourly_table", "--dest", dst.toString(), "--report", report.toString());
    pb.directory(REPO.toFile());
    pb.environment().put("LC_ALL", "C");
    pb.environment().remove("LANG");
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("ferry.log").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("ferry.log"));
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log).contains("FILES_COPIED");
    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(SAMPLE));
    assertThat(new ObjectMapper().readTree(report.toFile()).get("Counter").get("COPY_FAILED").asLong()).isZero();
  }

  @Test
  void notebookExampleUpdatesOnAnExistingSession() throws Exception {
    SparkSession spark = SparkFixture.local(2, 1);
    try {
      Path dst = tmp.resolve("backup");
      CopyAction.Result first = NotebookCopy.backup(spark, SAMPLE.toString(), dst.toString());
      CopyAction.Result second = NotebookCopy.backup(spark, SAMPLE.toString(), dst.toString());
      assertThat(first.counter(Counter.FILES_COPIED)).isEqualTo(first.counter(Counter.FILES_EXPECTED)).isPositive();
      assertThat(second.counter(Counter.FILES_COPIED)).isZero();
      assertThat(spark.sparkContext().isStopped()).as("the library leaves the session running").isFalse();
    } finally {
      spark.stop();
    }
  }
}
