package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import dev.ferry.engine.DiffOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Diff between local trees and between HDFS directories of different block sizes. */
@Timeout(600)
class DiffIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS);
  @TempDir
  Path tmp;

  static void assertDiffInvariants(JobResult r, long sourceFiles) {
    Map<Counter, Long> c = r.counters();
    assertThat(c.keySet()).containsExactlyInAnyOrder(Counter.DIFF_FILES, Counter.SAME_FILES, Counter.DST_MISS,
        Counter.LENGTH_DIFF, Counter.CHECKSUM_DIFF, Counter.DIFF_FAILED);
    assertThat(c.get(Counter.DIFF_FILES)).as("DIFF_FILES = DST_MISS + LENGTH_DIFF + CHECKSUM_DIFF")
        .isEqualTo(c.get(Counter.DST_MISS) + c.get(Counter.LENGTH_DIFF) + c.get(Counter.CHECKSUM_DIFF));
    assertThat(c.get(Counter.SAME_FILES) + c.get(Counter.DIFF_FILES) + c.get(Counter.DIFF_FAILED))
        .as("every source file is exactly one of SAME, DIFF, FAILED").isEqualTo(sourceFiles);
    long logged = r.outcomes().filter("category NOT LIKE 'DST_ONLY%'").count();
    assertThat(logged).as("one outcome row per differing or failed source file")
        .isEqualTo(c.get(Counter.DIFF_FILES) + c.get(Counter.DIFF_FAILED));
  }

  static Map<String, String> categories(JobResult r) {
    return r.outcomes().collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1), (a, b) -> a, TreeMap::new));
  }

  @Test
  void localTreesWithEveryKindOfDifference() throws Exception {
    Random rnd = new Random(9);
    Map<String, byte[]> files = new TreeMap<>(Trees.awkwardTree());
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);
    Map<String, byte[]> other = new TreeMap<>(files);
    other.remove("a/b/name with spaces.txt"); // missing
    byte[] big = other.get("big/large.bin").clone();
    big[big.length / 2] ^= 1; // same length, one bit
    other.put("big/large.bin", big);
    byte[] deep = other.get("a/b/c/deep.bin");
    other.put("a/b/c/deep.bin", java.util.Arrays.copyOf(deep, deep.length - 1)); // truncated
    other.put("only-here.txt", "x".getBytes());
    Trees.writeLocal(dst, other);
    Files.createSymbolicLink(src.resolve("unreadable"), tmp.resolve("no-such-target"));
    Files.write(dst.resolve("unreadable"), new byte[0]);

    DiffAction.Result r = Ferry.diff(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();

    assertThat(r.counter(Counter.DST_MISS)).isEqualTo(1);
    assertThat(r.counter(Counter.LENGTH_DIFF)).isEqualTo(1);
    assertThat(r.counter(Counter.CHECKSUM_DIFF)).isEqualTo(1);
    assertThat(r.counter(Counter.DIFF_FILES)).isEqualTo(3);
    assertThat(r.counter(Counter.DIFF_FAILED)).as("a source file that cannot be read").isEqualTo(1);
    assertThat(r.counter(Counter.SAME_FILES)).as("empty files included").isEqualTo(files.size() - 3);
    assertThat(r.hasDifferences()).isTrue();
    assertDiffInvariants(r, files.size() + 1);
    assertThat(categories(r)).containsEntry("a/b/name with spaces.txt", DiffOutcome.DST_MISS)
        .containsEntry("big/large.bin", DiffOutcome.CHECKSUM_DIFF)
        .containsEntry("a/b/c/deep.bin", DiffOutcome.LENGTH_DIFF)
        .containsEntry("unreadable", DiffOutcome.DIFF_FAILED)
        .containsEntry("only-here.txt", DiffOutcome.DST_ONLY);
    Row row = r.outcomes().filter("path = 'big/large.bin'").first();
    assertThat(row.getString(4)).startsWith("CRC32C:").isNotEqualTo(row.getString(5));
    Map<String, byte[]> dstExpected = new TreeMap<>(other);
    dstExpected.put("unreadable", new byte[0]);
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(dstExpected));
    assertThat(Files.readAllBytes(src.resolve("big/large.bin"))).as("diff writes nothing").isEqualTo(files.get("big/large.bin"));
  }

  @Test
  void identicalTreesAreTheSameAndDisableChecksumComparesLengthsOnly() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Map.of("a", "1234".getBytes(), "empty", new byte[0]));
    Trees.writeLocal(dst, Map.of("a", "1234".getBytes(), "empty", new byte[0]));

    DiffAction.Result same = Ferry.diff(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();
    assertThat(same.counter(Counter.SAME_FILES)).isEqualTo(2);
    assertThat(same.hasDifferences()).isFalse();
    assertThat(same.outcomes().count()).isZero();

    Files.writeString(dst.resolve("a"), "9999");
    DiffAction.Result lengthsOnly = Ferry.diff(STORES.spark()).source(src.toString()).destination(dst.toString()).disableChecksum().execute();
    assertThat(lengthsOnly.counter(Counter.SAME_FILES)).as("names and lengths only, as JindoDistCp").isEqualTo(2);
    DiffAction.Result full = Ferry.diff(STORES.spark()).source(src.toString()).destination(dst.toString()).execute();
    assertThat(full.counter(Counter.CHECKSUM_DIFF)).isEqualTo(1);
  }

  @Test
  void hdfsDirectoriesWithDifferentBlockSizesCompareByCompositeCrc() throws Exception {
    Random r = new Random(21);
    byte[] big = Trees.bytes(r, 2 * 1024 * 1024 + 7);
    byte[] small = Trees.bytes(r, 5000);
    byte[] changed = small.clone();
    changed[100] ^= 0x40;
    STORES.hdfs().write("/d/src/big", big, 1024 * 1024);
    STORES.hdfs().write("/d/src/small", small, 1024 * 1024);
    STORES.hdfs().write("/d/src/empty", new byte[0], 1024 * 1024);
    STORES.hdfs().write("/d/dst/big", big, 512 * 1024);
    STORES.hdfs().write("/d/dst/small", changed, 512 * 1024);
    STORES.hdfs().write("/d/dst/empty", new byte[0], 512 * 1024);

    DiffAction.Result res = Ferry.diff(STORES.spark()).source(STORES.hdfs().uri() + "/d/src").destination(STORES.hdfs().uri() + "/d/dst").execute();

    assertThat(res.counter(Counter.SAME_FILES)).as("same content, other block size").isEqualTo(2);
    assertThat(res.counter(Counter.CHECKSUM_DIFF)).as("one byte changed, same length").isEqualTo(1);
    assertDiffInvariants(res, 3);
    Row row = res.outcomes().first();
    assertThat(row.getString(4)).as("HDFS's own block-size independent checksum was used").startsWith("COMPOSITE-CRC32C:");
  }
}
