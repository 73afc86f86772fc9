package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
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

  @org.junit.jupiter.params.ParameterizedTest(name = "planned on the driver: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void countersStayExactWhenAnExecutorDiesMidTask(boolean onDriver) throws Exception {
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
          .hadoopConf("ferry.plan.local.max", onDriver ? "100000" : "5") // 5: listed and paired by Spark
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

  @Test
  void aLargeTreeIsListedAndPairedOnTheExecutorJvms() throws Exception {
    Path log = tmp.resolve("listings");
    Map<String, String> gen = Map.of("fs.gen.impl", GeneratedFileSystem.class.getName(), "gen.files", "20000",
        "gen.dirs", "200", "gen.size.max", "64", "gen.listing.log", log.toString(), "ferry.plan.local.max", "500");

    CopyAction.Result copy = Ferry.copy(spark).source("gen://tree/src").destination("gen://tree/dst").hadoopConf(gen)
        .execute();
    assertThat(copy.counter(Counter.FILES_COPIED)).as(copy.failures().toString()).isEqualTo(20000);
    assertThat(copy.plan().files()).isEqualTo(20000);

    long driver = ProcessHandle.current().pid();
    Map<Long, Long> listingsByJvm = new TreeMap<>();
    try (var files = Files.list(log)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        listingsByJvm.put(Long.parseLong(f.getFileName().toString()), (long) Files.readAllLines(f).size());
      }
    }
    long onDriver = listingsByJvm.getOrDefault(driver, 0L);
    long onExecutors = listingsByJvm.entrySet().stream().filter(e -> e.getKey() != driver).mapToLong(Map.Entry::getValue).sum();
    assertThat(onExecutors).as("the executors listed most folders: " + listingsByJvm).isGreaterThan(150);
    assertThat(onDriver).as("the driver listed only the top of the tree: " + listingsByJvm).isLessThan(20);

    DiffAction.Result diff = Ferry.diff(spark).source("gen://tree/src").destination("gen://tree/other").hadoopConf(gen)
        .execute();
    assertThat(diff.counter(Counter.SAME_FILES)).as("generated trees compare equal").isEqualTo(20000);
    assertThat(diff.plan().toCompare()).isEqualTo(20000 - diff.plan().missing());

    CopyAction.Result dry = Ferry.update(spark).source("gen://tree/src").destination("gen://tree/dst").hadoopConf(gen)
        .dryRun().execute();
    assertThat(dry.plan().filesToCompare() + dry.plan().filesToSkip()).as("an update pairs every file").isEqualTo(20000);
  }
}
