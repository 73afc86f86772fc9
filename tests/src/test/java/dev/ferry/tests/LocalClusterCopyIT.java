package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies on {@code local-cluster[2,1,1024]}: executors are separate JVMs, so everything shipped
 * to them must serialize, and an executor can be killed mid-task.
 */
@Timeout(600)
class LocalClusterCopyIT {
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkFixture.localCluster();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void copiesAndUpdatesOnSeparateExecutorJvms() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = Trees.awkwardTree();
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);

    CopyAction.Result r = Ferry.copy(spark).source(src.toString()).destination(dst.toString()).execute();

    assertThat(spark.sparkContext().statusTracker().getExecutorInfos())
        .as("the driver and two executor JVMs").hasSizeGreaterThanOrEqualTo(3);
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files, Trees.EMPTY_DIRS));
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Invariants.assertCopyInvariants(r);

    CopyAction.Result again = Ferry.update(spark).source(src.toString()).destination(dst.toString()).execute();
    assertThat(again.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size());
    assertThat(again.counter(Counter.FILES_COPIED)).isZero();
  }

  @Test
  void countersStayExactWhenAnExecutorDiesMidTask() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    java.util.Random r = new java.util.Random(11);
    for (int i = 0; i < 80; i++) files.put(String.format("d%d/f%02d", i % 4, i), Trees.bytes(r, 20_000 + i));
    Trees.writeLocal(src, files);

    CopyAction.Result result;
    try (TaskFailures failures = new TaskFailures(spark)) {
      result = Ferry.copy(spark)
          .source("flaky://" + src).destination(dst.toString())
          .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
          .hadoopConf(FlakyFileSystem.MARKERS, tmp.resolve("markers").toString())
          .hadoopConf(FlakyFileSystem.REGEX, "f45")
          .hadoopConf(FlakyFileSystem.MODE, "exit")
          .parallelism(4).taskThreads(4)
          .execute();
      assertThat(failures.removedExecutors()).as("an executor JVM was really killed").isGreaterThan(0);
    }

    assertThat(result.counter(Counter.FILES_EXPECTED)).isEqualTo(80);
    assertThat(result.counter(Counter.FILES_COPIED)).isEqualTo(80);
    assertThat(result.counter(Counter.COPY_FAILED)).isZero();
    Invariants.assertCopyInvariants(result);
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files));
    try (var s = Files.walk(dst)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .as("temporaries of the killed executor are swept").noneMatch(n -> n.startsWith(".ferry-"));
    }
  }
}
