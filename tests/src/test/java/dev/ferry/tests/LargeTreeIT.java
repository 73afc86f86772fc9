package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large trees from the command line: a killed run's listing is reused by the next run instead of
 * listing everything again, a finished run leaves no listing behind, and a driver heap below
 * Spark's minimum is refused before anything starts.
 */
@Timeout(600)
class LargeTreeIT {
  static final Path STAGING = Path.of("/tmp/ferry-" + System.getProperty("user.name"), ".listings");

  @TempDir
  Path tmp;

  static boolean anyCompleteListing() throws Exception {
    if (!Files.isDirectory(STAGING)) return false;
    try (Stream<Path> s = Files.list(STAGING)) {
      return s.anyMatch(p -> Files.exists(p.resolve("_COMPLETE")));
    }
  }

  @Test
  void aKilledRunsListingIsReusedAndAFinishedRunRemovesIt() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(21);
    for (int i = 0; i < 60; i++) files.put(String.format("d%02d/f%03d.bin", i % 6, i), Trees.bytes(r, 400_000));
    Trees.writeLocal(src, files);
    String[] spark = {"--hadoopConf", "ferry.plan.local.max=4"}; // listed and planned by Spark

    FerryProcess killed = FerryProcess.start(tmp.resolve("run1"), Map.of(), "--src", src.toString(), "--dest",
        dst.toString(), "--bandWidth", "2", "--quiet", spark[0], spark[1]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!(anyCompleteListing() && Files.isDirectory(dst))) {
      assertThat(killed.isAlive()).as("still copying: " + killed.output()).isTrue();
      assertThat(System.nanoTime()).as("the listing completes").isLessThan(deadline);
      Thread.sleep(100);
    }
    killed.kill();

    FerryProcess.Run again = FerryProcess.run(tmp.resolve("run2"), "--src", src.toString(), "--dest", dst.toString(),
        "--update", spark[0], spark[1]);
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err()).as("the killed run's listing is reused").contains("Reusing the listing");
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files));

    FerryProcess.Run third = FerryProcess.run(tmp.resolve("run3"), "--src", src.toString(), "--dest", dst.toString(),
        "--update", "--quiet", spark[0], spark[1]);
    assertThat(third.exit()).isZero();
    assertThat(third.err()).as("a finished run removed the listing: this one lists anew").doesNotContain("Reusing");
    assertThat(third.out()).containsPattern("FILES_SKIPPED\\s+60");
  }

  @Test
  void aHeapBelowSparksMinimumIsRefusedBeforeAnythingStarts() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("x", "x".getBytes()));
    FerryProcess.Run r = FerryProcess.start(tmp.resolve("run"), Map.of("FERRY_DRIVER_MEMORY", "300m"), "--src",
        src.toString(), "--dest", tmp.resolve("dst").toString(), "--quiet").await(120);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains("FERRY_DRIVER_MEMORY", "450 MiB");
    assertThat(tmp.resolve("dst")).doesNotExist();
  }
}
