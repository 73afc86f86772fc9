package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Copy, update and diff between the local disk, HDFS and an S3-compatible server through s3a://. */
@Timeout(600)
class S3CopyIT {
  static S3Server s3;
  static MiniHdfs hdfs;
  static SparkSession spark;
  @TempDir
  static Path base;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3Server(base.resolve("s3"), "bucket");
    hdfs = new MiniHdfs(base.resolve("dfs"));
    spark = SparkFixture.local(2, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) spark.stop();
    if (hdfs != null) hdfs.close();
    if (s3 != null) s3.close();
  }

  /** The S3A settings with the endpoint behind a relay that counts what reaches the server. */
  static Map<String, String> counted(CountingProxy proxy) {
    Map<String, String> conf = new TreeMap<>(s3.s3aConf());
    conf.put("fs.s3a.endpoint", proxy.endpoint());
    return conf;
  }

  @Test
  void localToS3AndBackWithUpdateAndDiff() throws Exception {
    Map<String, byte[]> files = Trees.awkwardTree();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);
    String dst = "s3a://bucket/warehouse/t";
    long payload = files.values().stream().mapToLong(b -> b.length).sum();

    JobResult up;
    try (CountingProxy proxy = new CountingProxy(Integer.parseInt(s3.endpoint().replaceAll(".*:", "")))) {
      up = Ferry.copy(spark).source(src.toString()).destination(dst).hadoopConf(counted(proxy)).execute();
      assertThat(proxy.copyRequests()).as("objects are written once: no copy-on-rename").isZero();
      assertThat(proxy.bytesUp()).as("each byte reaches the server once (plus request overhead)")
          .isBetween(payload, payload + payload / 2 + 200_000);
    }
    assertThat(up.counter(Counter.FILES_COPIED)).as(up.failures().toString()).isEqualTo(files.size());
    Invariants.assertCopyInvariants(up);
    try (CountingProxy proxy = new CountingProxy(Integer.parseInt(s3.endpoint().replaceAll(".*:", "")))) {
      JobResult renamed = Ferry.copy(spark).source(src.toString()).destination("s3a://bucket/renamed")
          .hadoopConf(counted(proxy)).commitMode(dev.ferry.engine.spec.CommitMode.RENAME).execute();
      assertThat(renamed.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
      assertThat(proxy.copyRequests()).as("a forced RENAME copies every object once more (the measure works)")
          .isGreaterThanOrEqualTo(files.size());
    }
    try (FileSystem fs = s3.fs("bucket")) {
      Map<String, byte[]> onS3 = Trees.readHadoop(fs, "/warehouse/t");
      Trees.assertSameTree(onS3, Trees.withDirectories(files, Trees.EMPTY_DIRS));
    }

    Path back = tmp.resolve("back");
    JobResult down = Ferry.copy(spark).source(dst).destination(back.toString()).hadoopConf(s3.s3aConf()).execute();
    assertThat(down.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Trees.assertSameTree(Trees.readLocal(back), Trees.withDirectories(files, Trees.EMPTY_DIRS));

    byte[] changed = files.get("a/b/c/deep.bin").clone();
    changed[10] ^= 1;
    Files.write(src.resolve("a/b/c/deep.bin"), changed);
    JobResult diff = Ferry.diff(spark).source(src.toString()).destination(dst).hadoopConf(s3.s3aConf()).execute();
    assertThat(diff.counter(Counter.CHECKSUM_DIFF)).as("same length, one bit").isEqualTo(1);
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(files.size() - 1);

    JobResult update = Ferry.update(spark).source(src.toString()).destination(dst).hadoopConf(s3.s3aConf()).execute();
    assertThat(update.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(update.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size() - 1);
    JobResult same = Ferry.diff(spark).source(src.toString()).destination(dst).hadoopConf(s3.s3aConf()).execute();
    assertThat(same.counter(Counter.DIFF_FILES)).isZero();
    assertThat(same.counter(Counter.SAME_FILES)).isEqualTo(files.size());

    // S3 to S3: ETags compare without reading; a same-length change in a single-part object differs
    JobResult s3ToS3 = Ferry.copy(spark).source(dst).destination("s3a://bucket/copy2").hadoopConf(s3.s3aConf()).execute();
    assertThat(s3ToS3.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    try (FileSystem fs = s3.fs("bucket");
         var out = fs.create(new org.apache.hadoop.fs.Path("/copy2/a/b/c/deep.bin"), true)) {
      out.write(files.get("a/b/c/deep.bin"));
    }
    JobResult etags = Ferry.diff(spark).source(dst).destination("s3a://bucket/copy2").hadoopConf(s3.s3aConf()).execute();
    assertThat(etags.counter(Counter.CHECKSUM_DIFF)).isEqualTo(1);
    assertThat(etags.counter(Counter.SAME_FILES)).isEqualTo(files.size() - 1);
    assertThat(etags.outcomes().first().getString(4)).as("compared by ETag").startsWith("ETAG:");
  }

  @Test
  void largeFilesAreCopiedInPartsToS3AndToHdfs() throws Exception {
    Random r = new Random(29);
    Map<String, byte[]> files = new TreeMap<>();
    files.put("huge.bin", Trees.bytes(r, 16 * 1024 * 1024 + 11)); // 4 parts of 5 MiB
    files.put("x.txt", "x".getBytes());
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    Map<String, String> conf = new TreeMap<>(s3.s3aConf());
    conf.put("ferry.copy.part.threshold", "6M");
    conf.put("ferry.copy.part.size", "5M");

    JobResult toS3;
    try (CountingProxy proxy = new CountingProxy(Integer.parseInt(s3.endpoint().replaceAll(".*:", "")))) {
      Map<String, String> counted = new TreeMap<>(conf);
      counted.put("fs.s3a.endpoint", proxy.endpoint());
      toS3 = Ferry.copy(spark).source(src.toString()).destination("s3a://bucket/parts").hadoopConf(counted).execute();
      assertThat(proxy.copyRequests()).as("parts are uploaded, not copied").isZero();
    }
    assertThat(toS3.plan().partedFiles()).singleElement().satisfies(f -> assertThat(f.parts()).isEqualTo(4));
    assertThat(toS3.counter(Counter.FILES_COPIED)).as(toS3.failures().toString()).isEqualTo(2);
    Invariants.assertCopyInvariants(toS3);
    try (FileSystem fs = s3.fs("bucket")) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/parts"), Trees.withDirectories(files));
      assertThat(((org.apache.hadoop.fs.s3a.S3AFileSystem) fs).listMultipartUploads("parts/")).isEmpty();
    }

    JobResult toHdfs = Ferry.copy(spark).source(src.toString()).destination(hdfs.uri() + "/parts")
        .hadoopConf(conf).execute();
    assertThat(toHdfs.plan().partedFiles()).hasSize(1);
    assertThat(toHdfs.counter(Counter.FILES_COPIED)).as(toHdfs.failures().toString()).isEqualTo(2);
    Trees.assertSameTree(Trees.readHadoop(hdfs.fs(), "/parts"), Trees.withDirectories(files));
    assertThat(toHdfs.outcomes().filter("path = 'huge.bin'").first().getString(4)).isEqualTo("copied in 4 parts");
  }

  @Test
  void hdfsToS3WithAMultipartFileAndS3ToHdfs() throws Exception {
    Random r = new Random(17);
    Map<String, byte[]> files = new TreeMap<>();
    files.put("big/part-0.bin", Trees.bytes(r, 12 * 1024 * 1024 + 3)); // three 5 MiB parts
    files.put("small.txt", "small".getBytes());
    Trees.writeHadoop(hdfs.fs(), "/hs/src", files);

    JobResult up = Ferry.copy(spark).source(hdfs.uri() + "/hs/src").destination("s3a://bucket/hs")
        .hadoopConf(s3.s3aConf()).execute();
    assertThat(up.counter(Counter.FILES_COPIED)).as(up.failures().toString()).isEqualTo(2);
    try (FileSystem fs = s3.fs("bucket")) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/hs"), Trees.withDirectories(files));
    }

    JobResult down = Ferry.copy(spark).source("s3a://bucket/hs").destination(hdfs.uri() + "/hs/back")
        .hadoopConf(s3.s3aConf()).execute();
    assertThat(down.counter(Counter.FILES_COPIED)).isEqualTo(2);
    Trees.assertSameTree(Trees.readHadoop(hdfs.fs(), "/hs/back"), Trees.withDirectories(files));
  }
}
