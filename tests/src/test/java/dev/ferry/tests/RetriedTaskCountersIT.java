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

/** Counters stay exact when tasks fail part-way and Spark retries them. */
@Timeout(300)
class RetriedTaskCountersIT {
  static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkFixture.local(2, 4);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void countersMatchOutcomesAfterRetriedTasks() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 60; i++) files.put(String.format("d%d/f%02d", i % 3, i), Trees.bytes(r, 1000 + i));
    Trees.writeLocal(src, files);

    CopyAction.Result result;
    try (TaskFailures failures = new TaskFailures(spark)) {
      result = Ferry.copy(spark)
          .source("flaky://" + src).destination(dst.toString())
          .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
          .hadoopConf(FlakyFileSystem.MARKERS, tmp.resolve("markers").toString())
          .hadoopConf(FlakyFileSystem.REGEX, "f(07|31|52)")
          .parallelism(4).taskThreads(2)
          .execute();
      assertThat(failures.failedTasks()).as("the injected failures really failed tasks").isGreaterThan(0);
    }

    assertThat(result.counter(Counter.FILES_EXPECTED)).as("each file counted once despite retries").isEqualTo(60);
    assertThat(result.counter(Counter.FILES_COPIED)).isEqualTo(60);
    assertThat(result.counter(Counter.COPY_FAILED)).isZero();
    assertThat(result.counter(Counter.BYTES_COPIED)).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
    Invariants.assertCopyInvariants(result);
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files));
  }

  @Test
  void aLargeFileIsCopiedInPartsByRetriedTasksAndCountedOnce() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    java.util.Random r = new java.util.Random(8);
    files.put("huge.bin", Trees.bytes(r, 17 * 1024 * 1024 + 5)); // 4 parts of 5 MiB
    files.put("small.txt", "small".getBytes());
    Trees.writeLocal(src, files);

    CopyAction.Result result;
    try (TaskFailures failures = new TaskFailures(spark)) {
      result = Ferry.copy(spark)
          .source("flaky://" + src).destination(dst.toString())
          .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
          .hadoopConf(FlakyFileSystem.MARKERS, tmp.resolve("markers").toString())
          .hadoopConf(FlakyFileSystem.REGEX, "huge.bin")
          .hadoopConf("ferry.copy.part.threshold", "6M").hadoopConf("ferry.copy.part.size", "5M")
          .parallelism(4)
          .execute();
      assertThat(failures.failedTasks()).as("a part task really failed and was retried").isGreaterThan(0);
    }

    assertThat(result.plan().partedFiles()).isEqualTo(1);
    assertThat(result.plan().parts()).isEqualTo(4);
    assertThat(result.plan().partitions()).as("the parts spread over tasks").isGreaterThan(1);
    assertThat(result.counter(Counter.FILES_COPIED)).as("the large file counts once").isEqualTo(2);
    assertThat(result.counter(Counter.BYTES_COPIED)).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
    Invariants.assertCopyInvariants(result);
    assertThat(result.outcomes().filter("path = 'huge.bin'").first().getString(4)).isEqualTo("copied in 4 parts");
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files));
    try (var s = Files.list(dst)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".ferry-"));
    }
  }

  @Test
  void aFileThatVanishesAfterListingIsCountedAsFailed() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Map.of("stays", "1".getBytes(), "vanishes", "22".getBytes()));

    CopyAction.Result r = Ferry.copy(spark)
        .source("flaky://" + src).destination(dst.toString())
        .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
        .hadoopConf(FlakyFileSystem.VANISH_REGEX, "vanishes")
        .execute();

    assertThat(r.counter(Counter.FILES_EXPECTED)).isEqualTo(2);
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(r.hasFailures()).isTrue();
    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.error()).contains("FileNotFound"));
    Invariants.assertCopyInvariants(r);
    try (var s = Files.list(dst)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("stays");
    }
  }
}
