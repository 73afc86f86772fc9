package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Copy and update between local directories through the Java API on Spark local[2]. */
@Timeout(300)
class LocalCopyIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with();

  @TempDir
  Path tmp;

  @Test
  void copiesAWholeTreeWithAwkwardNamesAndEmptyDirectories() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = Trees.awkwardTree();
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files, Trees.EMPTY_DIRS));
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    assertThat(r.counter(Counter.BYTES_COPIED)).isEqualTo(files.values().stream().mapToLong(b -> b.length).sum());
    assertThat(r.counter(Counter.COPY_FAILED)).isZero();
    assertThat(r.hasFailures()).isFalse();
    assertThat(r.source()).isEqualTo("file://" + src);
    assertThat(r.jobTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d~\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    Invariants.assertCopyInvariants(r);
    try (var s = Files.walk(dst)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .as("no .crc side files and no temporaries at the destination")
          .noneMatch(n -> n.endsWith(".crc") || n.startsWith(".ferry-"));
    }
  }

  @Test
  void copyIntoAnExistingDestinationMergesContentsWithoutNesting() throws Exception {
    Path src = tmp.resolve("t");
    Path dst = tmp.resolve("backup/t");
    Trees.writeLocal(src, Map.of("x", "new".getBytes()));
    Trees.writeLocal(dst, Map.of("x", "old".getBytes(), "keep", "k".getBytes()));

    Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    assertThat(Files.readString(dst.resolve("x"))).isEqualTo("new");
    assertThat(Files.readString(dst.resolve("keep"))).as("files only at the destination stay").isEqualTo("k");
    assertThat(dst.resolve("t")).as("never dst/t/t").doesNotExist();
  }

  @Test
  void singleFileSourceIsCopiedToTheDestinationPath() throws Exception {
    Path src = tmp.resolve("one.bin");
    Files.write(src, new byte[] {1, 2, 3});
    Path dst = tmp.resolve("out/renamed.bin");

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    assertThat(Files.readAllBytes(dst)).containsExactly(1, 2, 3);
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
  }

  @Test
  void updateCopiesSameLengthChangesAppendsAndNewFilesAndNothingTheSecondTime() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>(Trees.awkwardTree());
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);
    Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    // same length, same mtime: only a content comparison sees it
    Path same = src.resolve("a/b/c/deep.bin");
    FileTime mtime = Files.getLastModifiedTime(same);
    try (RandomAccessFile f = new RandomAccessFile(same.toFile(), "rw")) {
      f.seek(2500);
      f.write(new byte[] {42, 42, 42, 42});
    }
    Files.setLastModifiedTime(same, mtime);
    Files.setLastModifiedTime(dst.resolve("a/b/c/deep.bin"), mtime);
    Files.write(src.resolve("many/f001"), "appended".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    Files.write(src.resolve("brand new.txt"), "new".getBytes());

    CopyAction.Result r = Ferry.update(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    assertThat(r.counter(Counter.FILES_COPIED)).as("same-length change, append, new file").isEqualTo(3);
    assertThat(r.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size() - 2);
    assertThat(r.counter(Counter.COPY_FAILED)).isZero();
    Invariants.assertCopyInvariants(r);
    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(src));

    CopyAction.Result again = Ferry.update(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();
    assertThat(again.counter(Counter.FILES_COPIED)).as("a second update copies nothing").isZero();
    assertThat(again.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size() + 1);
    assertThat(again.counter(Counter.BYTES_SKIPPED)).isEqualTo(again.counter(Counter.BYTES_EXPECTED));
  }

  @Test
  void disableChecksumSkipsOnLengthAlone() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Map.of("f", "aaaa".getBytes()));
    Trees.writeLocal(dst, Map.of("f", "bbbb".getBytes()));

    CopyAction.Result r = Ferry.update(STORES.spark()).source(src.toString()).destination(dst.toString()).disableChecksum().execute();

    assertThat(r.counter(Counter.FILES_SKIPPED)).isEqualTo(1);
    assertThat(Files.readString(dst.resolve("f"))).as("length-only, as JindoDistCp").isEqualTo("bbbb");
  }

  @Test
  void unreadableSourceFileIsCountedAsFailedAndLeavesNoTemporary() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Map.of("ok", "1".getBytes()));
    Files.createSymbolicLink(src.resolve("dangling"), tmp.resolve("missing-target"));

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(r.hasFailures()).isTrue();
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("dangling");
      assertThat(f.error()).contains("NoSuchFile");
    });
    Invariants.assertCopyInvariants(r);
    try (var s = Files.list(dst)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ok");
    }
  }

  @Test
  void bandwidthLimitHoldsPerExecutor() throws Exception {
    Path src = tmp.resolve("src");
    Map<String, byte[]> files = new TreeMap<>();
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 6; i++) files.put("f" + i, Trees.bytes(r, 1024 * 1024));
    Trees.writeLocal(src, files);

    long t0 = System.nanoTime();
    CopyAction.Result res = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("dst").toString())
        .bandwidthMBps(2).execute();
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(res.counter(Counter.FILES_COPIED)).isEqualTo(6);
    // 6 MiB at 2 MiB/s: the last bytes may start no sooner than 2.5 s after the first (a lower
    // bound only, so a slow machine cannot fail it)
    assertThat(seconds).as("6 MiB at --bandWidth 2").isGreaterThanOrEqualTo(2.4);
  }

  @Test
  void dryRunWritesNothing() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Trees.awkwardTree(), Trees.EMPTY_DIRS);

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).dryRun().execute();

    assertThat(r.dryRun()).isTrue();
    assertThat(r.plan().filesToCopy()).isEqualTo(Trees.awkwardTree().size());
    assertThat(dst).doesNotExist();
  }
}
