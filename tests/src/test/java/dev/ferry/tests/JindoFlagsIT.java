package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobSpecException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.AclEntry;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JindoDistCp's flags with their documented meaning, each against the real component it concerns:
 * codecs (decoded and compared), storage classes (asked of the OSS-protocol and S3 servers),
 * moves and transactions with an injected failure, mirror deletes with HDFS's trash and the
 * safety limit, metadata on MiniDFSCluster and the local disk, and Spark jobs of --jobBatch files.
 */
@Timeout(600)
class JindoFlagsIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS, TestStores.Store.OSS, TestStores.Store.S3);

  @TempDir
  Path tmp;

  static Map<String, byte[]> textTree() {
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(12);
    for (int i = 0; i < 6; i++) {
      StringBuilder sb = new StringBuilder();
      for (int l = 0; l < 200 + i * 50; l++) sb.append("line ").append(l).append(' ').append(r.nextInt()).append('\n');
      files.put((i % 2 == 0 ? "a/" : "b/c/") + "f" + i + ".txt", sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    files.put("empty.txt", new byte[0]);
    return files;
  }

  static byte[] gunzip(byte[] data) throws Exception {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }

  @Test
  void codecCompressesDecompressesAndUpdatesCompareDecodedContents() throws Exception {
    Map<String, byte[]> files = textTree();
    Path src = tmp.resolve("src");
    Path gz = tmp.resolve("gz");
    Trees.writeLocal(src, files);

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(gz.toString()).codec("gz")
        .execute();
    assertThat(r.counter(Counter.COPY_FAILED)).as(r.failures().toString()).isZero();
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Map<String, byte[]> written = Trees.readLocal(gz);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      byte[] stored = written.get(f.getKey() + ".gz");
      assertThat(stored).as(f.getKey() + ".gz is written").isNotNull();
      assertThat(gunzip(stored)).as("decompressed " + f.getKey()).isEqualTo(f.getValue());
    }
    assertThat(written.keySet()).noneMatch(k -> k.endsWith(".txt"));

    CopyAction.Result again = Ferry.update(STORES.spark()).source(src.toString()).destination(gz.toString()).codec("gzip")
        .execute();
    assertThat(again.counter(Counter.FILES_SKIPPED)).as("decoded contents equal: nothing to copy").isEqualTo(files.size());
    assertThat(again.counter(Counter.FILES_COPIED)).isZero();

    byte[] changed = files.get("a/f0.txt").clone();
    changed[3] ^= 1; // same length, other content
    Files.write(src.resolve("a/f0.txt"), changed);
    CopyAction.Result third = Ferry.update(STORES.spark()).source(src.toString()).destination(gz.toString()).codec("gz")
        .execute();
    assertThat(third.counter(Counter.FILES_COPIED)).as("the changed file only").isEqualTo(1);
    assertThat(gunzip(Files.readAllBytes(gz.resolve("a/f0.txt.gz")))).isEqualTo(changed);

    DiffAction.Result diff = Ferry.diff(STORES.spark()).source(src.toString()).destination(gz.toString()).execute();
    assertThat(diff.counter(Counter.DST_MISS)).as("without --codec, names differ").isEqualTo(files.size());

    // none: back to the plain files, whose bytes are the sources'
    Path plain = tmp.resolve("plain");
    CopyAction.Result back = Ferry.copy(STORES.spark()).source(gz.toString()).destination(plain.toString()).codec("none")
        .execute();
    assertThat(back.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Map<String, byte[]> expected = new TreeMap<>(files);
    expected.put("a/f0.txt", changed);
    Trees.assertSameTree(Trees.readLocal(plain), Trees.withDirectories(expected));
  }

  @Test
  void policySetsTheStoredStorageClassOnOss() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("x/small.bin", Trees.bytes(new Random(3), 1000));
    files.put("y.bin", Trees.bytes(new Random(4), 300_000)); // multipart through hadoop-aliyun
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);

    // objects above CopyObject's limit (1 GiB on OSS; lowered here on both sides) are re-classed by a multipart copy
    STORES.oss().setCopyObjectSizeLimit(200_000);
    STORES.oss().resetCounters();
    CopyAction.Result r;
    try {
      r = Ferry.copy(STORES.spark()).source(src.toString()).destination("oss://bucket/cold")
          .hadoopConf(STORES.ossConf()).hadoopConf("ferry.oss.copy.limit", "200000").storageClass("coldArchive").execute();
    } finally {
      STORES.oss().setCopyObjectSizeLimit(1L << 30);
    }
    assertThat(STORES.oss().requestCount(dev.ferry.tests.oss.FakeOssServer.Operation.UPLOAD_PART_COPY))
        .as("y.bin re-classed part by part").isGreaterThanOrEqualTo(2);
    assertThat(r.counter(Counter.FILES_COPIED)).as(r.failures().toString()).isEqualTo(files.size());
    for (String rel : files.keySet()) {
      assertThat(STORES.oss().storageClass("bucket", "cold/" + rel)).as(rel).contains("ColdArchive");
      assertThat(STORES.oss().objectContent("bucket", "cold/" + rel)).as(rel).hasValueSatisfying(
          b -> assertThat(b).isEqualTo(files.get(rel)));
    }
    CopyAction.Result plain = Ferry.copy(STORES.spark()).source(src.toString()).destination("oss://bucket/std")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(plain.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    assertThat(STORES.oss().storageClass("bucket", "std/y.bin")).contains("Standard");

    assertThatThrownBy(() -> Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("d").toString())
        .storageClass("IA").execute()).isInstanceOf(JobSpecException.class).hasMessageContaining("--policy");
    assertThat(tmp.resolve("d")).doesNotExist();
  }

  @Test
  void cleanUpPendingAbortsTheUploadsKilledRunsLeftOnOss() throws Exception {
    var oss = STORES.oss();
    com.aliyun.oss.OSS client = new com.aliyun.oss.OSSClientBuilder().build("http://127.0.0.1:" + oss.port(),
        TestStores.OSS_ID, TestStores.OSS_SECRET);
    try {
      client.initiateMultipartUpload(new com.aliyun.oss.model.InitiateMultipartUploadRequest("bucket", "pend/x.bin"));
      client.initiateMultipartUpload(new com.aliyun.oss.model.InitiateMultipartUploadRequest("bucket", "other/y.bin"));
    } finally {
      client.shutdown();
    }
    assertThat(oss.pendingMultipartUploads()).extracting(u -> u.key()).contains("pend/x.bin", "other/y.bin");
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("a.txt", "a".getBytes()));
    Cli.Run r = Cli.run(new java.util.ArrayList<>(List.of("--src", src.toString(), "--dest", "oss://bucket/pend",
        "--cleanUpPending", "--quiet", "--hadoopConf", "fs.oss.endpoint=127.0.0.1:" + oss.port(), "--hadoopConf",
        "fs.oss.connection.secure.enabled=false", "--hadoopConf", "fs.oss.accessKeyId=" + TestStores.OSS_ID,
        "--hadoopConf", "fs.oss.accessKeySecret=" + TestStores.OSS_SECRET)).toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(oss.pendingMultipartUploads()).extracting(u -> u.key()).as("only those under the destination")
        .doesNotContain("pend/x.bin").contains("other/y.bin");
  }

  @Test
  void policySetsTheStorageClassS3Stores() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("one.bin", Trees.bytes(new Random(5), 2000)));
    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination("s3a://bucket/ia")
        .hadoopConf(STORES.s3().s3aConf()).storageClass("IA").execute();
    assertThat(r.counter(Counter.FILES_COPIED)).as(r.failures().toString()).isEqualTo(1);
    try (FileSystem fs = STORES.s3().fs("bucket")) {
      var meta = ((org.apache.hadoop.fs.s3a.S3AFileSystem) fs).getObjectMetadata(new org.apache.hadoop.fs.Path("/ia/one.bin"));
      assertThat(meta.storageClassAsString()).isEqualTo("STANDARD_IA");
    }
  }

  @Test
  void deleteOnSuccessMovesVerifiedFilesAndKeepsTheFailedOne() throws Exception {
    Map<String, byte[]> files = textTree();
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, files, "emptyDir");

    CopyAction.Result r = Ferry.copy(STORES.spark()).source("flaky://" + src).destination(dst.toString())
        .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
        .hadoopConf(FlakyFileSystem.REGEX, "f3\\.txt").hadoopConf(FlakyFileSystem.MODE, "ioerror")
        .deleteOnSuccess().execute();

    assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(files.size() - 1);
    assertThat(r.counter(Counter.SRC_DELETED)).isEqualTo(files.size() - 1);
    Map<String, byte[]> left = Trees.readLocal(src);
    assertThat(left).as("only the failed file stays at the source").containsOnlyKeys("b/", "b/c/", "b/c/f3.txt");
    assertThat(left.get("b/c/f3.txt")).isEqualTo(files.get("b/c/f3.txt"));
    assertThat(src).as("the source root stays").isDirectory();
    Map<String, byte[]> moved = new TreeMap<>(files);
    moved.remove("b/c/f3.txt");
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(moved, "emptyDir"));

    // the failed file moves once it can be read; an equal copy at the destination is compared, then its source deleted
    Files.createDirectories(src.resolve("a"));
    Files.write(src.resolve("a/f0.txt"), files.get("a/f0.txt"));
    CopyAction.Result again = Ferry.update(STORES.spark()).source(src.toString()).destination(dst.toString())
        .disableChecksum().deleteOnSuccess().execute();
    assertThat(again.counter(Counter.COPY_FAILED)).isZero();
    assertThat(again.counter(Counter.SRC_DELETED)).isEqualTo(2);
    assertThat(Trees.readLocal(src)).isEmpty();
    Trees.assertSameTree(Trees.readLocal(dst), Trees.withDirectories(files, "emptyDir"));
  }

  @Test
  void aFailedTransactionPublishesNothingAndASuccessfulOnePublishesAll() throws Exception {
    Map<String, byte[]> files = textTree();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    Path fresh = tmp.resolve("fresh");

    CopyAction.Result failed = Ferry.copy(STORES.spark()).source("flaky://" + src).destination(fresh.toString())
        .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
        .hadoopConf(FlakyFileSystem.REGEX, "f5\\.txt").hadoopConf(FlakyFileSystem.MODE, "ioerror")
        .transaction().execute();
    assertThat(failed.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(fresh).as("nothing of a failed transaction is visible").doesNotExist();
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).as("its staging is gone").noneMatch(n -> n.startsWith("_ferry-"));
    }

    // into an existing tree: the old versions stay untouched on failure, all new ones appear on success
    Path existing = tmp.resolve("existing");
    Trees.writeLocal(existing, Map.of("a/f0.txt", "old".getBytes(), "keep.txt", "k".getBytes()));
    CopyAction.Result failedInto = Ferry.update(STORES.spark()).source("flaky://" + src).destination(existing.toString())
        .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
        .hadoopConf(FlakyFileSystem.REGEX, "f5\\.txt").hadoopConf(FlakyFileSystem.MODE, "ioerror")
        .transaction().execute();
    assertThat(failedInto.counter(Counter.COPY_FAILED)).isEqualTo(1);
    Trees.assertSameTree(Trees.readLocal(existing), Trees.withDirectories(Map.of("a/f0.txt", "old".getBytes(),
        "keep.txt", "k".getBytes())));

    CopyAction.Result ok = Ferry.update(STORES.spark()).source(src.toString()).destination(existing.toString())
        .transaction().execute();
    assertThat(ok.counter(Counter.COPY_FAILED)).isZero();
    assertThat(ok.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Map<String, byte[]> expected = new TreeMap<>(files);
    expected.put("keep.txt", "k".getBytes());
    Trees.assertSameTree(Trees.readLocal(existing), Trees.withDirectories(expected));

    CopyAction.Result whole = Ferry.copy(STORES.spark()).source(src.toString()).destination(fresh.toString())
        .transaction().execute();
    assertThat(whole.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Trees.assertSameTree(Trees.readLocal(fresh), Trees.withDirectories(files));
  }

  @Test
  void syncSourceDeleteMirrorsIntoTheTrashWithinTheLimit() throws Exception {
    FileSystem fs = STORES.hdfs().fs();
    String src = "/sync/src";
    String dst = "/sync/dst";
    Map<String, byte[]> files = textTree();
    Trees.writeHadoop(fs, src, files);
    Map<String, byte[]> old = new TreeMap<>(files);
    old.put("gone.txt", "g".getBytes());
    old.put("gone-dir/x.txt", "x".getBytes());
    old.put("gone-dir/y/z.txt", "z".getBytes());
    Trees.writeHadoop(fs, dst, old);
    String uri = STORES.hdfs().uri();

    assertThatThrownBy(() -> Ferry.update(STORES.spark()).source(uri + src).destination(uri + dst).syncSourceDelete()
        .maxDeletes(2).execute()).isInstanceOf(JobSpecException.class).hasMessageContaining("--maxDeletes 2");
    assertThat(Trees.readHadoop(fs, dst)).as("refused before writing").containsKey("gone.txt");

    CopyAction.Result dry = Ferry.update(STORES.spark()).source(uri + src).destination(uri + dst).syncSourceDelete()
        .maxDeletes(2).dryRun().execute();
    assertThat(dry.plan().filesToDelete()).isEqualTo(3);
    assertThat(dry.plan().directoriesToDelete()).isEqualTo(2);

    CopyAction.Result r = Ferry.update(STORES.spark()).source(uri + src).destination(uri + dst).syncSourceDelete()
        .hadoopConf("fs.trash.interval", "60").execute();
    assertThat(r.counter(Counter.DST_DELETED)).isEqualTo(3);
    Trees.assertSameTree(Trees.readHadoop(fs, dst), Trees.withDirectories(files));
    String trash = fs.getHomeDirectory() + "/.Trash/Current" + dst;
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(trash + "/gone.txt"))).as("in the trash: " + trash).isTrue();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(trash + "/gone-dir/y/z.txt"))).isTrue();
  }

  @Test
  void syncSourceDeleteDeletesNothingWhenACopyFailed() throws Exception {
    Map<String, byte[]> files = textTree();
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, files);
    Trees.writeLocal(dst, Map.of("only-here.txt", "o".getBytes()));
    CopyAction.Result r = Ferry.update(STORES.spark()).source("flaky://" + src).destination(dst.toString())
        .hadoopConf("fs.flaky.impl", FlakyFileSystem.class.getName())
        .hadoopConf(FlakyFileSystem.REGEX, "f1\\.txt").hadoopConf(FlakyFileSystem.MODE, "ioerror")
        .syncSourceDelete().execute();
    assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(r.counter(Counter.DST_DELETED)).isZero();
    assertThat(dst.resolve("only-here.txt")).exists();
  }

  @Test
  void preserveMetaOnHdfsCarriesPermissionsTimesReplicationBlockSizeXattrsAndAcls() throws Exception {
    FileSystem fs = STORES.hdfs().fs();
    org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path("/meta/src/d/file.bin");
    try (var out = fs.create(f, true, 4096, (short) 1, 1L << 20)) {
      out.write(Trees.bytes(new Random(8), 3000));
    }
    fs.setPermission(f, new FsPermission((short) 0640));
    fs.setPermission(f.getParent(), new FsPermission((short) 0750));
    fs.setXAttr(f, "user.origin", "lake".getBytes(StandardCharsets.UTF_8));
    fs.modifyAclEntries(f, AclEntry.parseAclSpec("user:alice:r--", true));
    fs.setOwner(f, "etl", "analysts");
    fs.setTimes(f, 1_600_000_000_000L, 1_600_000_100_000L);
    String uri = STORES.hdfs().uri();

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(uri + "/meta/src").destination(uri + "/meta/dst")
        .preserveMeta().execute();
    assertThat(r.counter(Counter.FILES_COPIED)).as(r.failures().toString()).isEqualTo(1);
    org.apache.hadoop.fs.Path g = new org.apache.hadoop.fs.Path("/meta/dst/d/file.bin");
    var st = fs.getFileStatus(g);
    assertThat(st.getPermission().toShort() & 0777).isEqualTo(0640);
    assertThat(st.getOwner()).isEqualTo("etl");
    assertThat(st.getGroup()).isEqualTo("analysts");
    assertThat(st.getModificationTime()).isEqualTo(1_600_000_000_000L);
    assertThat(st.getBlockSize()).isEqualTo(1L << 20);
    assertThat(st.getReplication()).isEqualTo((short) 1);
    assertThat(new String(fs.getXAttr(g, "user.origin"), StandardCharsets.UTF_8)).isEqualTo("lake");
    assertThat(fs.getAclStatus(g).getEntries()).map(AclEntry::toStringStable).contains("user:alice:r--");
    assertThat(fs.getFileStatus(g.getParent()).getPermission().toShort() & 0777).as("folders too").isEqualTo(0750);

    // an update with nothing to copy still carries a changed permission
    fs.setPermission(f, new FsPermission((short) 0600));
    CopyAction.Result again = Ferry.update(STORES.spark()).source(uri + "/meta/src").destination(uri + "/meta/dst")
        .preserveMeta().execute();
    assertThat(again.counter(Counter.FILES_SKIPPED)).isEqualTo(1);
    assertThat(fs.getFileStatus(g).getPermission().toShort() & 0777).isEqualTo(0600);
  }

  @Test
  void preserveMetaOnTheLocalDiskCarriesModeAndTimes() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Map.of("d/x.txt", "x".getBytes()));
    Files.setPosixFilePermissions(src.resolve("d/x.txt"), PosixFilePermissions.fromString("rw-r-----"));
    Files.setPosixFilePermissions(src.resolve("d"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(src.resolve("d/x.txt"), FileTime.fromMillis(1_500_000_000_000L));

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst.toString()).preserveMeta()
        .execute();
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("d/x.txt")))).isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("d")))).isEqualTo("rwxr-x---");
    assertThat(Files.getLastModifiedTime(dst.resolve("d/x.txt")).toMillis()).isEqualTo(1_500_000_000_000L);
    assertThat(Files.getOwner(dst.resolve("d/x.txt"))).isEqualTo(Files.getOwner(src.resolve("d/x.txt")));
  }

  @Test
  void jobBatchRunsSeveralSparkJobsOfAtMostNFiles() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 10; i++) files.put("f" + i, new byte[] {(byte) i});
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    AtomicInteger jobs = new AtomicInteger();
    SparkListener count = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    STORES.spark().sparkContext().addSparkListener(count);
    try {
      CopyAction.Result one = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("one").toString())
          .execute();
      int single = jobs.getAndSet(0);
      CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("dst").toString())
          .jobBatch(3).taskBatch(2).execute();
      Thread.sleep(500); // the listener bus delivers asynchronously
      assertThat(one.counter(Counter.FILES_COPIED)).isEqualTo(10);
      assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(10);
      assertThat(jobs.get() - single).as("4 jobs of at most 3 files instead of 1").isGreaterThanOrEqualTo(3);
      assertThat(r.plan().partitions()).as("tasks of at most 2 files").isGreaterThanOrEqualTo(5);
      Trees.assertSameTree(Trees.readLocal(tmp.resolve("dst")), Trees.withDirectories(files));
    } finally {
      STORES.spark().sparkContext().removeSparkListener(count);
    }
  }

  @Test
  void srcPrefixesFileTakesRegularExpressionsAndPathsRelativeToTheSource() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("logs/test-1.log", "1".getBytes());
    files.put("logs/prod-1.log", "2".getBytes());
    files.put("data/part-0", "3".getBytes());
    files.put("data/part-1", "4".getBytes());
    files.put("other/x", "5".getBytes());
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    Path prefixes = tmp.resolve("prefixes.txt");
    Files.writeString(prefixes, "# Jindo's own example\n.*test.*\ndata/part-1\n");

    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("dst").toString())
        .srcPrefixesFile(prefixes.toString()).execute();
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(2);
    assertThat(Trees.readLocal(tmp.resolve("dst"))).containsKeys("logs/test-1.log", "data/part-1")
        .doesNotContainKeys("logs/prod-1.log", "data/part-0", "other/x");

    CopyAction.Result p = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("logs").toString())
        .srcPattern(".*\\.log").execute();
    assertThat(p.counter(Counter.FILES_COPIED)).isEqualTo(2);
  }
}
