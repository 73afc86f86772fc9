package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates and diffs that read each byte at most once and never download to compare: a copy
 * records the CRC-32C it verified with the object (S3 metadata, HDFS and local extended
 * attributes), and a later update checks the source against it, or against the store's own
 * checksum (HDFS composite CRC, OSS CRC-64), reading the source alone; the object stores' content
 * requests are counted on the wire.
 */
@Timeout(600)
class RecordedChecksumIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS, TestStores.Store.S3, TestStores.Store.OSS);

  @TempDir
  Path tmp;

  static Map<String, byte[]> files() {
    Map<String, byte[]> f = new TreeMap<>();
    Random r = new Random(15);
    for (int i = 0; i < 8; i++) f.put("d" + (i % 3) + "/f" + i + ".bin", Trees.bytes(r, 1000 + 700 * i));
    f.put("big.bin", Trees.bytes(r, 6_000_000)); // a multipart upload: the record goes with the initiation
    f.put("mid.bin", Trees.bytes(r, 2_000_000)); // one part, over 1 MiB: checked against its record before its ETag
    return f;
  }

  static CountingProxy proxy() throws Exception {
    return new CountingProxy(Integer.parseInt(STORES.s3().endpoint().replaceAll(".*:", "")));
  }

  static Map<String, String> through(CountingProxy proxy) {
    Map<String, String> conf = new TreeMap<>(STORES.s3().s3aConf());
    conf.put("fs.s3a.endpoint", proxy.endpoint());
    return conf;
  }

  @Test
  void aNoOpUpdateFromLocalDiskToS3DownloadsNothingAndStillCatchesRewrites() throws Exception {
    Map<String, byte[]> files = files();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    String dst = "s3a://bucket/rec";
    try (CountingProxy proxy = proxy()) {
      CopyAction.Result copy = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst)
          .hadoopConf(through(proxy)).execute();
      assertThat(copy.counter(Counter.FILES_COPIED)).as(copy.failures().toString()).isEqualTo(files.size());
    }
    try (FileSystem fs = STORES.s3().fs("bucket")) {
      String record = new String(fs.getXAttr(new org.apache.hadoop.fs.Path("/rec/big.bin"), "header.ferry"),
          StandardCharsets.UTF_8);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(files.get("big.bin"));
      assertThat(record).as("the copy's record in the object's metadata")
          .contains(String.format("crc32c=%08x", crc.getValue())).contains("len=6000000");
    }

    try (CountingProxy proxy = proxy()) {
      CopyAction.Result noop = Ferry.update(STORES.spark()).source(src.toString()).destination(dst)
          .hadoopConf(through(proxy)).execute();
      assertThat(noop.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size());
      assertThat(proxy.contentGets()).as("no object content downloaded to compare").isZero();
      assertThat(proxy.heads()).as("single-part objects are checked against their listed ETag (MD5), without a HEAD")
          .isLessThan(files.size() / 2);
      Row row = noop.outcomes().filter("path = 'big.bin'").first();
      assertThat(row.getString(row.fieldIndex("reason"))).contains("same length and content");
    }

    // a same-length rewrite that restores the modification time: the source's CRC no longer matches the record
    Path f3 = src.resolve("d0/f3.bin");
    byte[] changed = rewriteInPlaceKeepingTime(f3, files.get("d0/f3.bin"), 10);
    byte[] midChanged = rewriteInPlaceKeepingTime(src.resolve("mid.bin"), files.get("mid.bin"), 1_500_000);
    // an object changed behind Ferry's back (same length, no record): compared by content
    byte[] other = files.get("d1/f1.bin").clone();
    other[0] ^= 1;
    try (FileSystem fs = STORES.s3().fs("bucket");
         var out = fs.create(new org.apache.hadoop.fs.Path("/rec/d1/f1.bin"), true)) {
      out.write(other);
    }
    try (CountingProxy proxy = proxy()) {
      CopyAction.Result up = Ferry.update(STORES.spark()).source(src.toString()).destination(dst)
          .hadoopConf(through(proxy)).execute();
      assertThat(up.counter(Counter.FILES_COPIED)).as("the two rewrites and the object changed behind our back")
          .isEqualTo(3);
      assertThat(proxy.contentGets()).as("only the object without a record was read").isEqualTo(1);
    }
    try (FileSystem fs = STORES.s3().fs("bucket")) {
      Map<String, byte[]> expected = new TreeMap<>(files);
      expected.put("d0/f3.bin", changed);
      expected.put("mid.bin", midChanged);
      Trees.assertSameTree(Trees.readHadoop(fs, "/rec"), Trees.withDirectories(expected));
    }

    // diff: the same ladder, and the log says which evidence decided
    Files.write(f3, files.get("d0/f3.bin"));
    try (CountingProxy proxy = proxy()) {
      DiffAction.Result diff = Ferry.diff(STORES.spark()).source(src.toString()).destination(dst)
          .hadoopConf(through(proxy)).execute();
      assertThat(diff.counter(Counter.CHECKSUM_DIFF)).isEqualTo(1);
      assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(files.size() - 1);
      assertThat(proxy.contentGets()).isZero();
      Row row = diff.outcomes().filter("path = 'd0/f3.bin'").first();
      assertThat(row.getString(4)).startsWith("CRC32C:").endsWith("(read)");
      assertThat(row.getString(5)).endsWith("(recorded at copy)");
    }
  }

  @Test
  void trustModificationTimeSkipsByTheRecordAndMissesWhatItSaysItMisses() throws Exception {
    Map<String, byte[]> files = files();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    String dst = "s3a://bucket/trust";
    CopyAction.Result copy = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst)
        .hadoopConf(STORES.s3().s3aConf()).execute();
    assertThat(copy.counter(Counter.FILES_COPIED)).isEqualTo(files.size());

    Path f0 = src.resolve("d0/f0.bin");
    // length and time kept: what --trustModificationTime cannot see
    byte[] changed = rewriteInPlaceKeepingTime(f0, files.get("d0/f0.bin"), 1);
    Path f2 = src.resolve("d2/f2.bin");
    byte[] touched = files.get("d2/f2.bin").clone();
    touched[2] ^= 1;
    Files.write(f2, touched); // a new modification time

    CopyAction.Result trusted = Ferry.update(STORES.spark()).source(src.toString()).destination(dst)
        .hadoopConf(STORES.s3().s3aConf()).trustModificationTime().execute();
    assertThat(trusted.counter(Counter.FILES_COPIED)).as("only the file with a new time").isEqualTo(1);
    Row row = trusted.outcomes().filter("path = 'd0/f0.bin'").first();
    assertThat(row.getString(row.fieldIndex("reason"))).contains("--trustModificationTime");

    CopyAction.Result checked = Ferry.update(STORES.spark()).source(src.toString()).destination(dst)
        .hadoopConf(STORES.s3().s3aConf()).execute();
    assertThat(checked.counter(Counter.FILES_COPIED)).as("without the flag the rewrite is caught").isEqualTo(1);
  }

  @Test
  void hdfsToS3ComparesTheCompositeCrcWithTheRecordReadingNeitherSide() throws Exception {
    FileSystem hdfs = STORES.hdfs().fs();
    Map<String, byte[]> files = files();
    Trees.writeHadoop(hdfs, "/rec/src", files);
    String src = STORES.hdfs().uri() + "/rec/src";
    String dst = "s3a://bucket/fromhdfs";
    CopyAction.Result copy = Ferry.copy(STORES.spark()).source(src).destination(dst).hadoopConf(STORES.s3().s3aConf())
        .execute();
    assertThat(copy.counter(Counter.FILES_COPIED)).isEqualTo(files.size());

    var stats = FileSystem.getStatistics("hdfs", org.apache.hadoop.hdfs.DistributedFileSystem.class);
    long readBefore = stats.getBytesRead();
    try (CountingProxy proxy = proxy()) {
      CopyAction.Result noop = Ferry.update(STORES.spark()).source(src).destination(dst).hadoopConf(through(proxy))
          .execute();
      assertThat(noop.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size());
      assertThat(proxy.contentGets()).as("nothing downloaded").isZero();
    }
    assertThat(stats.getBytesRead() - readBefore).as("no byte of the HDFS files read").isZero();
    Ferry.copy(STORES.spark()).source(src).destination(tmp.resolve("back").toString()).execute();
    assertThat(stats.getBytesRead() - readBefore).as("the measure works: a copy from HDFS reads its bytes")
        .isGreaterThanOrEqualTo(6_000_000);
  }

  @Test
  void localToOssChecksTheLocalSourceAgainstOssCrc64() throws Exception {
    Map<String, byte[]> files = files();
    files.remove("big.bin");
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    CopyAction.Result copy = Ferry.copy(STORES.spark()).source(src.toString()).destination("oss://bucket/crc")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(copy.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    STORES.oss().resetCounters();
    CopyAction.Result noop = Ferry.update(STORES.spark()).source(src.toString()).destination("oss://bucket/crc")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(noop.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size());
    assertThat(STORES.oss().requestCount(dev.ferry.tests.oss.FakeOssServer.Operation.GET_OBJECT))
        .as("no object downloaded").isZero();
    byte[] changed = files.get("d1/f4.bin").clone();
    changed[5] ^= 1;
    Files.write(src.resolve("d1/f4.bin"), changed);
    CopyAction.Result up = Ferry.update(STORES.spark()).source(src.toString()).destination("oss://bucket/crc")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(up.counter(Counter.FILES_COPIED)).isEqualTo(1);
  }

  @Test
  void localToHdfsChecksTheLocalSourceAgainstTheCompositeCrc() throws Exception {
    Map<String, byte[]> files = files();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    String dst = STORES.hdfs().uri() + "/rec/fromlocal";
    Ferry.copy(STORES.spark()).source(src.toString()).destination(dst).execute();
    var stats = FileSystem.getStatistics("hdfs", org.apache.hadoop.hdfs.DistributedFileSystem.class);
    long readBefore = stats.getBytesRead();
    CopyAction.Result noop = Ferry.update(STORES.spark()).source(src.toString()).destination(dst).execute();
    assertThat(noop.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size());
    assertThat(stats.getBytesRead() - readBefore).as("HDFS keeps the CRC: its files are not read").isZero();
    Row row = noop.outcomes().filter("path = 'big.bin'").first();
    assertThat(row.getString(row.fieldIndex("reason"))).contains("same length and content");
  }

  /**
   * HDFS to a local disk: the copy records its CRC-32C in the local file's extended attribute, and
   * a no-op diff checks HDFS's composite CRC against it, reading neither side. A local file then
   * rewritten in place by someone else, same length, its modification time set back, must not be
   * taken for its record: the diff and the update compare it by content.
   */
  @Test
  void aLocalCopyRewrittenInPlaceWithItsTimeRestoredIsNotTakenForItsRecord() throws Exception {
    FileSystem hdfs = STORES.hdfs().fs();
    Map<String, byte[]> files = files();
    Trees.writeHadoop(hdfs, "/rec/tolocal", files);
    String src = STORES.hdfs().uri() + "/rec/tolocal";
    Path dst = tmp.resolve("local-copy");
    Ferry.copy(STORES.spark()).source(src).destination(dst.toString()).execute();
    Path f2 = dst.resolve("d2/f2.bin");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.getFileAttributeView(f2, java.nio.file.attribute.UserDefinedFileAttributeView.class).list().contains("ferry"),
        "this filesystem keeps no user extended attributes: no local records here");

    var stats = FileSystem.getStatistics("hdfs", org.apache.hadoop.hdfs.DistributedFileSystem.class);
    long readBefore = stats.getBytesRead();
    DiffAction.Result same = Ferry.diff(STORES.spark()).source(src).destination(dst.toString()).execute();
    assertThat(same.counter(Counter.SAME_FILES)).isEqualTo(files.size());
    assertThat(stats.getBytesRead() - readBefore).as("composite CRC against the record: HDFS not read").isZero();

    Thread.sleep(200); // past the record's window
    Object inode = Files.getAttribute(f2, "unix:ino");
    rewriteInPlaceKeepingTime(f2, files.get("d2/f2.bin"), 7);
    assertThat(Files.getAttribute(f2, "unix:ino")).as("rewritten in place").isEqualTo(inode);

    DiffAction.Result diff = Ferry.diff(STORES.spark()).source(src).destination(dst.toString()).execute();
    assertThat(diff.counter(Counter.CHECKSUM_DIFF)).as("the rewritten copy").isEqualTo(1);
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(files.size() - 1);
    Row row = diff.outcomes().filter("path = 'd2/f2.bin'").first();
    assertThat(row.getString(5)).as("the local file was read").endsWith("(read)");

    CopyAction.Result up = Ferry.update(STORES.spark()).source(src).destination(dst.toString()).execute();
    assertThat(up.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(Files.readAllBytes(f2)).isEqualTo(files.get("d2/f2.bin"));
    readBefore = stats.getBytesRead();
    DiffAction.Result after = Ferry.diff(STORES.spark()).source(src).destination(dst.toString()).execute();
    assertThat(after.counter(Counter.SAME_FILES)).isEqualTo(files.size());
    assertThat(stats.getBytesRead() - readBefore).as("the new copy is recorded again: HDFS not read").isZero();
  }

  /**
   * Rewrites a file in place (same inode, same length) with one byte of {@code original} flipped at
   * {@code at}, and sets its modification time back; returns the new content.
   */
  static byte[] rewriteInPlaceKeepingTime(Path f, byte[] original, int at) throws java.io.IOException {
    FileTime t = Files.getLastModifiedTime(f);
    byte[] changed = original.clone();
    changed[at] ^= 1;
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(changed));
    }
    Files.setLastModifiedTime(f, t);
    return changed;
  }
}
