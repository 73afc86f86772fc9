package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * --update --snapshotDiff s1 s2 from an HDFS source to the local disk, HDFS and S3: creations, an
 * append, deletions (a file and a folder), renames of a file and of a folder (with a change inside),
 * and a rename chain (a->b, b->c); the destination ends equal to snapshot s2 byte for byte, and
 * only the changed paths are looked at.
 */
@Timeout(600)
class SnapshotDiffIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS, TestStores.Store.S3);

  @TempDir
  Path tmp;

  private static int trees;

  @Test
  void toTheLocalDisk() throws Exception {
    check(tmp.resolve("dst").toUri().toString(), Map.of());
  }

  /** Planned with Spark jobs (as a change of more than the driver's budget is): the same result. */
  @Test
  void toHdfs() throws Exception {
    check(STORES.hdfs().uri() + "/snapdiff-dst-" + (++trees), Map.of("ferry.plan.local.max", "10"));
  }

  @Test
  void toS3() throws Exception {
    check("s3a://bucket/snapdiff-" + (++trees), STORES.s3().s3aConf());
  }

  private void check(String dst, Map<String, String> conf) throws Exception {
    DistributedFileSystem hdfs = (DistributedFileSystem) STORES.hdfs().fs();
    String root = "/snapdiff-src-" + (++trees);
    String src = STORES.hdfs().uri() + root;
    Random r = new Random(trees);
    Map<String, byte[]> s1 = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) s1.put("static/f" + i + ".bin", Trees.bytes(r, 1000 + i));
    s1.put("mod.txt", "first line\n".getBytes());
    s1.put("del.txt", "to delete".getBytes());
    s1.put("dirdel/z.txt", "z".getBytes());
    s1.put("b.txt", "renamed file".getBytes());
    s1.put("dir1/x.txt", "x in dir1".getBytes());
    s1.put("dir1/y.txt", "y in dir1".getBytes());
    s1.put("chain/a1", "was a1".getBytes());
    s1.put("chain/b1", "was b1".getBytes());
    Trees.writeHadoop(hdfs, root, s1);
    hdfs.allowSnapshot(new org.apache.hadoop.fs.Path(root));
    hdfs.createSnapshot(new org.apache.hadoop.fs.Path(root), "s1");
    CopyAction.Result first = Ferry.copy(STORES.spark()).source(src).destination(dst).hadoopConf(conf).execute();
    assertThat(first.counter(Counter.FILES_COPIED)).isEqualTo(s1.size());

    Trees.writeHadoop(hdfs, root, Map.of("new.txt", "created".getBytes(), "newdir/sub/n.txt", "created deep".getBytes()));
    try (FSDataOutputStream out = hdfs.append(new org.apache.hadoop.fs.Path(root + "/mod.txt"))) {
      out.write("appended line\n".getBytes(StandardCharsets.UTF_8));
    }
    hdfs.delete(new org.apache.hadoop.fs.Path(root + "/del.txt"), false);
    hdfs.delete(new org.apache.hadoop.fs.Path(root + "/dirdel"), true);
    rename(hdfs, root, "b.txt", "b2.txt");
    rename(hdfs, root, "dir1", "dir2");
    try (FSDataOutputStream out = hdfs.create(new org.apache.hadoop.fs.Path(root + "/dir2/x.txt"), true)) {
      out.write("x rewritten in dir2".getBytes(StandardCharsets.UTF_8));
    }
    rename(hdfs, root, "chain/b1", "chain/c1");
    rename(hdfs, root, "chain/a1", "chain/b1");
    hdfs.createSnapshot(new org.apache.hadoop.fs.Path(root), "s2");
    // the live tree moves on after s2: the update must copy from s2, never from it
    Trees.writeHadoop(hdfs, root, Map.of("new.txt", "changed after s2".getBytes(), "later.txt", "after s2".getBytes()));

    CopyAction.Result up = Ferry.update(STORES.spark()).source(src).destination(dst).hadoopConf(conf)
        .snapshotDiff("s1", "s2").execute();
    assertThat(up.counter(Counter.COPY_FAILED)).as(up.failures().toString()).isZero();
    Map<String, byte[]> expected = files(Trees.readHadoop(hdfs, root + "/.snapshot/s2"));
    assertThat(files(read(dst, conf))).as("the destination is snapshot s2").containsOnlyKeys(expected.keySet());
    Trees.assertSameTree(files(read(dst, conf)), expected);
    // only the changed paths were looked at: the 20 untouched files are neither listed nor compared
    assertThat(up.counter(Counter.FILES_EXPECTED)).as(up.counters().toString()).isLessThan(12);
    assertThat(up.counter(Counter.DST_DELETED)).isGreaterThanOrEqualTo(2);

    // a second diff on a destination that no longer holds s2's version of a touched file: a normal update instead
    hdfs.createSnapshot(new org.apache.hadoop.fs.Path(root), "s3");
    ManifestIT.write(dst, Map.of("later.txt", "someone wrote this at the destination".getBytes()), conf(conf));
    CopyAction.Result fallback = Ferry.update(STORES.spark()).source(src).destination(dst).hadoopConf(conf)
        .snapshotDiff("s2", "s3").execute();
    assertThat(fallback.counter(Counter.COPY_FAILED)).isZero();
    Trees.assertSameTree(files(read(dst, conf)), files(Trees.readHadoop(hdfs, root + "/.snapshot/s3")));
    assertThat(fallback.counter(Counter.FILES_EXPECTED)).as("a full update").isGreaterThan(20);
  }

  @Test
  void aSourceWithoutTheSnapshotsIsRefused() throws Exception {
    DistributedFileSystem hdfs = (DistributedFileSystem) STORES.hdfs().fs();
    Trees.writeHadoop(hdfs, "/plain", Map.of("a", "a".getBytes()));
    String dst = tmp.resolve("d").toString();
    Cli.Run noSnap = Cli.run("--src", STORES.hdfs().uri() + "/plain", "--dest", dst, "--update", "--snapshotDiff", "s1",
        "s2", "--quiet");
    assertThat(noSnap.exit()).isEqualTo(2);
    assertThat(noSnap.err()).contains("has no snapshot s1");
    Cli.Run local = Cli.run("--src", tmp.toString(), "--dest", dst, "--update", "--snapshotDiff", "s1", "s2");
    assertThat(local.exit()).isEqualTo(2);
    assertThat(local.err()).contains("hdfs://");
    Cli.Run noUpdate = Cli.run("--src", STORES.hdfs().uri() + "/plain", "--dest", dst, "--snapshotDiff", "s1", "s2");
    assertThat(noUpdate.exit()).isEqualTo(2);
    assertThat(noUpdate.err()).contains("add --update");
    assertThat(tmp.resolve("d")).doesNotExist();
  }

  private static void rename(FileSystem fs, String root, String from, String to) throws Exception {
    assertThat(fs.rename(new org.apache.hadoop.fs.Path(root + "/" + from), new org.apache.hadoop.fs.Path(root + "/" + to)))
        .as("rename " + from).isTrue();
  }

  private static Configuration conf(Map<String, String> conf) {
    Configuration c = new Configuration();
    conf.forEach(c::set);
    return c;
  }

  private static Map<String, byte[]> read(String dst, Map<String, String> conf) throws Exception {
    return ManifestIT.read(dst, conf(conf));
  }

  private static Map<String, byte[]> files(Map<String, byte[]> tree) {
    Map<String, byte[]> out = new TreeMap<>();
    tree.forEach((k, v) -> {
      if (!k.endsWith("/")) out.put(k, v);
    });
    return out;
  }
}
