package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.FerryMain;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import dev.ferry.engine.CopyOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Nothing lost, nothing mixed, nothing left behind, on the local disk: overlapping source and
 * destination, a source rewritten while it is copied, runs killed with SIGKILL at several moments
 * (whole files, parts under --commitMode DIRECT, staging), and the errors a user meets.
 */
@Timeout(600)
class SafetyIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with();

  @TempDir
  Path tmp;

  /** Every file under a local tree, with its bytes (directories end in '/'). */
  static Map<String, byte[]> snapshot(Path root) throws Exception {
    return Trees.readLocal(root);
  }

  /** Names under a tree that are Ferry's temporaries of some job. */
  static List<String> temporaries(Path root) throws Exception {
    if (!Files.exists(root)) return List.of();
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".ferry-") || n.startsWith("_ferry-")).toList();
    }
  }

  @Test
  void overlappingSourceAndDestinationAreRefusedInEitherDirectionHoweverSpelled() throws Exception {
    Path ov = tmp.resolve("ov");
    Trees.writeLocal(ov, Map.of("z", "top".getBytes(), "s/z", "middle".getBytes(), "s/s/z", "inner".getBytes()));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), ov);
    Map<String, byte[]> before = snapshot(ov);
    List<List<String>> cases = List.of(
        List.of("--src", ov.resolve("s").toString(), "--dest", ov.toString()),
        List.of("--src", ov.resolve("s").toString(), "--dest", ov.toString(), "--update"),
        List.of("--src", ov.toString(), "--dest", ov.resolve("s/new").toString()),
        List.of("--src", ov.toString(), "--dest", ov.toString()),
        List.of("--src", link.resolve("s/s").toString(), "--dest", ov.resolve("s/../s").toString()),
        List.of("--src", ov.resolve("s").toString(), "--dest", "file://" + link + "/"),
        List.of("--src", ov.resolve("s/../s/s").toString(), "--dest", link.resolve("s").toString(), "--update"));
    for (List<String> c : cases) {
      Cli.Run r = Cli.run(c.toArray(String[]::new));
      assertThat(r.exit()).as("%s: %s", c, r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines()).as("one line for %s", c).hasSize(1);
      assertThat(r.err()).contains("--src", "--dest");
    }
    Trees.assertSameTree(snapshot(ov), before);
    assertThat(ov.resolve("s/new")).doesNotExist();
  }

  @Test
  void aSourceRewrittenInPlaceWhileItIsCopiedIsNeverPublishedMixed() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    int size = 48 << 20;
    byte[] first = new byte[size];
    Arrays.fill(first, (byte) 'a');
    byte[] second = Trees.bytes(new Random(5), size);
    Trees.writeLocal(src, Map.of("big.bin", first));
    Path file = src.resolve("big.bin");
    FileTime listedTime = Files.getLastModifiedTime(file);

    // once a quarter of the copy is written, rewrite the source in place (same length, same
    // modification time afterwards): only its change time tells
    CompletableFuture<Void> rewrite = CompletableFuture.runAsync(() -> {
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
          List<Path> temps = new ArrayList<>();
          if (Files.isDirectory(dst)) {
            try (Stream<Path> s = Files.list(dst)) {
              s.filter(p -> p.getFileName().toString().startsWith(".ferry-")).forEach(temps::add);
            }
          }
          for (Path t : temps) {
            if (Files.exists(t) && Files.size(t) >= size / 4) {
              try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(second);
                while (b.hasRemaining()) ch.write(b, b.position());
              }
              Files.setLastModifiedTime(file, listedTime);
              return;
            }
          }
          Thread.sleep(20);
        }
        throw new IllegalStateException("the copy never got a quarter through");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).bandwidthMBps(12)
        .taskThreads(1).execute();
    rewrite.get(60, TimeUnit.SECONDS);

    Path copied = dst.resolve("big.bin");
    if (Files.exists(copied)) {
      byte[] got = Files.readAllBytes(copied);
      assertThat(Arrays.equals(got, first) || Arrays.equals(got, second))
          .as("the copy is one version of the source, never a mix").isTrue();
      assertThat(got).as("retried after the change, it is the new version").isEqualTo(second);
      assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    } else {
      assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
      assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(CopyOutcome.SOURCE_CHANGED));
    }
    assertThat(temporaries(dst)).isEmpty();
  }

  @Test
  void partsUnderDirectCommitKilledLeaveNoFileUnderItsFinalNameAndAnUpdateFinishes() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(9);
    for (int i = 0; i < 3; i++) files.put("part" + i + ".bin", Trees.bytes(r, 24 << 20));
    Trees.writeLocal(src, files);

    FerryProcess killed = FerryProcess.start(tmp.resolve("run1"), Map.of(), "--src", src.toString(), "--dest",
        dst.toString(), "--commitMode", "DIRECT", "--hadoopConf", "ferry.copy.part.threshold=8m",
        "--hadoopConf", "ferry.copy.part.size=5m", "--bandWidth", "6", "--quiet");
    awaitTemporary(dst, killed);
    Thread.sleep(1500);
    killed.kill();

    for (String name : files.keySet()) {
      assertThat(dst.resolve(name)).as("nothing under a final name before its last part is verified").doesNotExist();
    }
    assertThat(temporaries(dst)).as("the kill left its temporaries").isNotEmpty();

    FerryProcess.Run again = FerryProcess.run(tmp.resolve("run2"), "--src", src.toString(), "--dest", dst.toString(),
        "--update", "--disableChecksum", "--commitMode", "DIRECT", "--hadoopConf", "ferry.copy.part.threshold=8m",
        "--hadoopConf", "ferry.copy.part.size=5m", "--quiet");
    assertThat(again.exit()).as(again.err()).isZero();
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files));
    assertThat(temporaries(dst)).as("the update removed what the killed run left").isEmpty();
    assertThat(stagingOf(killed.pid())).as("the killed run's staging is removed by the next job").isEmpty();
  }

  @Test
  void temporariesOfAKilledCopyAreNotReportedByDiffAndAreRemovedByTheNextCopy() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(11);
    for (int i = 0; i < 2; i++) files.put("d/f" + i + ".bin", Trees.bytes(r, 30 << 20));
    files.put("small.txt", "small".getBytes());
    Trees.writeLocal(src, files);

    FerryProcess killed = FerryProcess.start(tmp.resolve("run1"), Map.of(), "--src", src.toString(), "--dest",
        dst.toString(), "--bandWidth", "6", "--parallelism", "2", "--quiet");
    awaitTemporary(dst, killed);
    killed.kill();
    assertThat(temporaries(dst)).as("the kill left temporaries").isNotEmpty();

    Path log = tmp.resolve("difflog");
    Cli.Run diff = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--diff", "--log", log.toString(), "--quiet");
    assertThat(diff.exit()).isEqualTo(1);
    String lines = String.join("\n", Cli.logLines(log));
    assertThat(lines).as("a killed run's temporaries are not destination files").doesNotContain("DST_ONLY")
        .doesNotContain(".ferry-");

    Cli.Run copy = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--quiet");
    assertThat(copy.exit()).as(copy.err()).isZero();
    assertThat(temporaries(dst)).as("the next copy removed them").isEmpty();
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files));
  }

  @Test
  void anUpdateKilledMidwayLeavesEveryFileOldOrNewAndTheNextUpdateFinishes() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> old = new TreeMap<>();
    Map<String, byte[]> fresh = new TreeMap<>();
    Random r = new Random(13);
    for (int i = 0; i < 4; i++) {
      old.put("f" + i + ".bin", Trees.bytes(r, 12 << 20));
      fresh.put("f" + i + ".bin", Trees.bytes(r, 12 << 20)); // same length, other content
    }
    Trees.writeLocal(dst, old);
    Trees.writeLocal(src, fresh);

    FerryProcess killed = FerryProcess.start(tmp.resolve("run1"), Map.of(), "--src", src.toString(), "--dest",
        dst.toString(), "--update", "--bandWidth", "6", "--parallelism", "1", "--taskThreads", "1", "--quiet");
    awaitTemporary(dst, killed);
    Thread.sleep(2500);
    killed.kill();

    for (String name : old.keySet()) {
      byte[] now = Files.readAllBytes(dst.resolve(name));
      assertThat(Arrays.equals(now, old.get(name)) || Arrays.equals(now, fresh.get(name)))
          .as("%s is the previous version or a complete copy", name).isTrue();
    }
    FerryProcess.Run again = FerryProcess.run(tmp.resolve("run2"), "--src", src.toString(), "--dest", dst.toString(),
        "--update", "--quiet");
    assertThat(again.exit()).as(again.err()).isZero();
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(fresh));
    assertThat(temporaries(dst)).isEmpty();
  }

  @Test
  void theEngineRemovesItsStagingAndThatOfDeadJobsButKeepsTheOutcomes() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("a", "1".getBytes(), "b/c", "22".getBytes()));
    Path root = Path.of("/tmp/ferry-" + System.getProperty("user.name"));
    Path dead = root.resolve("ferry-20000101-000000-dead");
    Files.createDirectories(dead);
    Files.writeString(dead.resolve("_owner"), "{\"pid\":" + deadPid() + ",\"host\":\"" + host()
        + "\",\"renewed\":" + System.currentTimeMillis() + "}");
    Path alive = root.resolve("ferry-20000101-000000-live");
    Files.createDirectories(alive);
    Files.writeString(alive.resolve("_owner"), "{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\"" + host()
        + "\",\"renewed\":" + System.currentTimeMillis() + "}");

    CopyAction.Result copy = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("dst").toString()).execute();
    DiffAction.Result diff = Ferry.diff(STORES.spark()).source(src.toString()).destination(tmp.resolve("dst").toString()).execute();

    assertThat(root.resolve(copy.jobId())).as("the copy's staging is gone").doesNotExist();
    assertThat(root.resolve(diff.jobId())).as("the diff's staging is gone").doesNotExist();
    assertThat(copy.outcomes().count()).as("outcomes survive their staging").isEqualTo(2);
    assertThat(diff.outcomes().count()).isZero();
    assertThat(dead).as("a dead job's staging is removed").doesNotExist();
    assertThat(alive).as("a running job's staging is kept").exists();
    Files.delete(alive.resolve("_owner"));
    Files.delete(alive);
  }

  @Test
  void errorsNameTheFlagOrPathAndLeaveNothingBehind() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("a.csv", "a".getBytes()));
    Path dst = tmp.resolve("dst");
    Path aFile = tmp.resolve("file.txt");
    Files.writeString(aFile, "x");

    Cli.Run logIsFile = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--log", aFile.toString(), "--quiet");
    assertThat(logIsFile.exit()).as(logIsFile.err()).isEqualTo(2);
    assertThat(logIsFile.err().strip().lines()).hasSize(1);
    assertThat(logIsFile.err()).contains("--log", "is a file");
    assertThat(dst).as("nothing written").doesNotExist();

    Cli.Run badKey = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--hadoopConf", "ferry.copy.part.size=abc");
    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.err()).contains("ferry.copy.part.size=abc").hasLineCount(1);
    Cli.Run unknownKey = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--hadoopConf", "ferry.copy.partsize=1m");
    assertThat(unknownKey.exit()).isEqualTo(2);
    assertThat(unknownKey.err()).contains("ferry.copy.partsize", "ferry.copy.part.size");
    assertThat(dst).doesNotExist();

    Path report = tmp.resolve("reports/abs.json");
    Cli.Run uri = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--report", "file://" + report, "--quiet");
    assertThat(uri.exit()).as(uri.err()).isZero();
    assertThat(report).as("a file:// report is written where it says").exists();
    assertThat(Path.of("file:")).doesNotExist();

    Cli.Run unwritable = Cli.run("--src", src.toString(), "--dest", tmp.resolve("dst2").toString(), "--quiet",
        "--report", "flaky://" + tmp.resolve("r.json"), "--hadoopConf", "fs.flaky.impl=" + FlakyFileSystem.class.getName(),
        "--hadoopConf", FlakyFileSystem.CREATE_FAIL_REGEX + "=.*r\\.json.*");
    assertThat(unwritable.exit()).isEqualTo(3);
    assertThat(unwritable.err()).contains("copy finished", "only the report is missing");
    assertThat(tmp.resolve("dst2/a.csv")).as("the copy itself completed").hasContent("a");
  }

  @Test
  void specialFilesAreSkippedAndLinkLoopsFailWithoutStoppingTheJob() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("d/a.csv", "a".getBytes(), "e/b.csv", "b".getBytes()));
    Process mkfifo = new ProcessBuilder("mkfifo", src.resolve("d/pipe").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Files.createSymbolicLink(src.resolve("e/up"), Path.of(".."));
    Path log = tmp.resolve("log");

    Cli.Run r = Cli.run("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--log", log.toString(), "--quiet");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FILES_COPIED\\s+2").containsPattern("FILES_SKIPPED\\s+1")
        .containsPattern("COPY_FAILED\\s+1");
    assertThat(r.err()).contains("e/up", "symbolic link loop");
    String lines = String.join("\n", Cli.logLines(log));
    assertThat(lines).contains("\"path\":\"d/pipe\"", "not a regular file");
  }

  @Test
  void aMalformedUriIsOneLineFromTheLauncher() throws Exception {
    FerryProcess.Run r = FerryProcess.run(tmp.resolve("run"), "--src", tmp.toString(), "--dest", "hdfs://a b/x",
        "--quiet");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains("--dest");
  }

  /** Waits until the running copy has a temporary under {@code dst}. */
  static void awaitTemporary(Path dst, FerryProcess p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (temporaries(dst).isEmpty()) {
      assertThat(p.isAlive()).as("the copy is still running: " + p.output()).isTrue();
      assertThat(System.nanoTime()).as("a temporary appears").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Staging folders whose mark names the given process. */
  static List<Path> stagingOf(long pid) throws Exception {
    Path root = Path.of("/tmp/ferry-" + System.getProperty("user.name"));
    if (!Files.isDirectory(root)) return List.of();
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path d : (Iterable<Path>) s::iterator) {
        Path mark = d.resolve("_owner");
        if (Files.exists(mark) && Files.readString(mark).contains("\"pid\":" + pid + ",")) out.add(d);
      }
    }
    return out;
  }

  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  static String host() {
    return dev.ferry.engine.internal.store.ProcessOwner.current().host();
  }
}
