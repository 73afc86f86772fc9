package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.Ferry;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The copy semantics every pair of stores has: a tree of awkward names and empty folders copied
 * whole, skipped by an update, equal to a diff; same-length rewrites found and copied; missing,
 * longer and destination-only files told apart; a single-file source; a dry run. Subclassed per
 * pair of stores (local, HDFS, S3, OSS), each with its own servers.
 */
@Timeout(600)
abstract class CopyContract {
  private static final AtomicInteger RUN = new AtomicInteger();

  /** The components the subclass started. */
  abstract TestStores stores();

  abstract Place source();

  abstract Place destination();

  private Place src;
  private Place dst;

  private Place src() {
    if (src == null) src = source();
    return src;
  }

  private Place dst() {
    if (dst == null) dst = destination();
    return dst;
  }

  /** Hadoop settings the jobs need to reach the stores. */
  Map<String, String> conf() {
    return Map.of();
  }

  /** A folder name no other test of this class uses. */
  static String fresh(String name) {
    return name + "-" + RUN.incrementAndGet();
  }

  Map<String, byte[]> tree() {
    Map<String, byte[]> t = new TreeMap<>(Trees.awkwardTree());
    if (!src().allowsColons() || !dst().allowsColons()) t.keySet().removeIf(k -> k.contains(":"));
    return t;
  }

  CopyAction copy(String src, String dst) {
    return Ferry.copy(stores().spark()).source(src().uri(src)).destination(dst().uri(dst)).hadoopConf(conf());
  }

  DiffAction diff(String src, String dst) {
    return Ferry.diff(stores().spark()).source(src().uri(src)).destination(dst().uri(dst)).hadoopConf(conf());
  }

  @Test
  void aTreeIsCopiedWholeThenSkippedByAnUpdateAndEqualToADiff() throws Exception {
    String s = fresh("tree");
    String d = fresh("tree-copy");
    Map<String, byte[]> files = tree();
    src().write(s, files, Trees.EMPTY_DIRS);

    CopyAction.Result copied = copy(s, d).execute();
    assertThat(copied.counter(Counter.FILES_COPIED)).as(copied.failures().toString()).isEqualTo(files.size());
    Invariants.assertCopyInvariants(copied);
    Trees.assertSameTree(dst().read(d), Trees.withDirectories(files, Trees.EMPTY_DIRS));

    CopyAction.Result update = copy(s, d).update().execute();
    assertThat(update.counter(Counter.FILES_SKIPPED)).as("nothing changed").isEqualTo(files.size());
    assertThat(update.counter(Counter.FILES_COPIED)).isZero();
    Invariants.assertCopyInvariants(update);

    DiffAction.Result same = diff(s, d).execute();
    assertThat(same.counter(Counter.SAME_FILES)).isEqualTo(files.size());
    assertThat(same.hasDifferences()).isFalse();
  }

  @Test
  void aSameLengthRewriteIsFoundByADiffAndCopiedByAnUpdate() throws Exception {
    String s = fresh("rewrite");
    String d = fresh("rewrite-copy");
    Random r = new Random(3);
    Map<String, byte[]> files = Map.of("a/one.bin", Trees.bytes(r, 70_000), "two.txt", "two".getBytes());
    src().write(s, files);
    copy(s, d).execute();
    byte[] changed = files.get("a/one.bin").clone();
    changed[35_000] ^= 1;
    dst().put(d + "/a/one.bin", changed);

    DiffAction.Result diff = diff(s, d).execute();
    assertThat(diff.counter(Counter.CHECKSUM_DIFF)).as("one bit of a same-length file").isEqualTo(1);
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(1);
    assertThat(diff.differences()).singleElement().satisfies(o -> assertThat(o.path()).isEqualTo("a/one.bin"));

    CopyAction.Result update = copy(s, d).update().execute();
    assertThat(update.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(update.counter(Counter.FILES_SKIPPED)).isEqualTo(1);
    Trees.assertSameTree(dst().read(d), Trees.withDirectories(files));
  }

  @Test
  void missingLongerAndDestinationOnlyFilesAreToldApart() throws Exception {
    String s = fresh("kinds");
    String d = fresh("kinds-copy");
    Map<String, byte[]> files = Map.of("gone.txt", "gone".getBytes(), "grown.txt", "grown".getBytes(),
        "kept.txt", "kept".getBytes());
    src().write(s, files);
    copy(s, d).execute();
    dst().delete(d + "/gone.txt");
    dst().put(d + "/grown.txt", "grown longer".getBytes());
    dst().put(d + "/extra.txt", "only here".getBytes());

    DiffAction.Result diff = diff(s, d).execute();
    assertThat(diff.counter(Counter.DST_MISS)).isEqualTo(1);
    assertThat(diff.counter(Counter.LENGTH_DIFF)).isEqualTo(1);
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(1);
    assertThat(diff.counter(Counter.DIFF_FILES)).isEqualTo(2);
    Map<String, String> categories = new TreeMap<>();
    for (Row row : diff.outcomes().collectAsList()) categories.put(row.getString(0), row.getString(1));
    assertThat(categories).containsEntry("gone.txt", DiffOutcome.DST_MISS)
        .containsEntry("grown.txt", DiffOutcome.LENGTH_DIFF).containsEntry("extra.txt", DiffOutcome.DST_ONLY);

    CopyAction.Result update = copy(s, d).update().execute();
    assertThat(update.counter(Counter.FILES_COPIED)).isEqualTo(2);
    assertThat(dst().read(d)).containsKey("extra.txt"); // an update deletes nothing
  }

  @Test
  void aSingleFileIsCopiedToTheDestinationPath() throws Exception {
    String s = fresh("single");
    String d = fresh("single-copy");
    src().write(s, Map.of("only.csv", "1,2,3".getBytes()));

    CopyAction.Result r = Ferry.copy(stores().spark()).source(src().uri(s + "/only.csv"))
        .destination(dst().uri(d + "/renamed.csv")).hadoopConf(conf()).execute();
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(dst().read(d)).containsOnlyKeys("renamed.csv");
    assertThat(dst().read(d).get("renamed.csv")).isEqualTo("1,2,3".getBytes());
  }

  @Test
  void aDryRunPlansAndWritesNothing() throws Exception {
    String s = fresh("dry");
    String d = fresh("dry-copy");
    Map<String, byte[]> files = Map.of("x", "x".getBytes(), "y/z", "zz".getBytes());
    src().write(s, files);

    CopyAction.Result r = copy(s, d).dryRun().execute();
    assertThat(r.dryRun()).isTrue();
    assertThat(r.plan().filesToCopy()).isEqualTo(2);
    assertThat(r.plan().bytesToCopy()).isEqualTo(3);
    assertThat(r.counter(Counter.FILES_COPIED)).isZero();
    assertThat(dst().read(d)).as("nothing written").isEmpty();
  }
}
