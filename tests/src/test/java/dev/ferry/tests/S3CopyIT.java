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
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only S3 does (the contract covers copy, update and diff): each object written once, never
 * copied on rename; ETags compared S3 to S3; large files in multipart uploads.
 */
@Timeout(600)
class S3CopyIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS, TestStores.Store.S3);
  @TempDir
  Path tmp;

  static S3Server s3() {
    return STORES.s3();
  }

  static org.apache.spark.sql.SparkSession spark() {
    return STORES.spark();
  }

  /** The S3A settings with the endpoint behind a relay that counts what reaches the server. */
  static Map<String, String> counted(CountingProxy proxy) {
    Map<String, String> conf = new TreeMap<>(s3().s3aConf());
    conf.put("fs.s3a.endpoint", proxy.endpoint());
    return conf;
  }

  @Test
  void eachObjectIsWrittenOnceAndS3ToS3IsComparedByEtag() throws Exception {
    Map<String, byte[]> files = Trees.awkwardTree();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);
    String dst = "s3a://bucket/warehouse/t";
    long payload = files.values().stream().mapToLong(b -> b.length).sum();

    try (CountingProxy proxy = new CountingProxy(Integer.parseInt(s3().endpoint().replaceAll(".*:", "")))) {
      CopyAction.Result up = Ferry.copy(spark()).source(src.toString()).destination(dst).hadoopConf(counted(proxy)).execute();
      assertThat(up.counter(Counter.FILES_COPIED)).as(up.failures().toString()).isEqualTo(files.size());
      assertThat(proxy.copyRequests()).as("objects are written once: no copy-on-rename").isZero();
      assertThat(proxy.bytesUp()).as("each byte reaches the server once (plus request overhead)")
          .isBetween(payload, payload + payload / 2 + 200_000);
    }
    try (CountingProxy proxy = new CountingProxy(Integer.parseInt(s3().endpoint().replaceAll(".*:", "")))) {
      CopyAction.Result renamed = Ferry.copy(spark()).source(src.toString()).destination("s3a://bucket/renamed")
          .hadoopConf(counted(proxy)).commitMode(dev.ferry.engine.CommitMode.RENAME).execute();
      assertThat(renamed.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
      assertThat(proxy.copyRequests()).as("a forced RENAME copies every object once more (the measure works)")
          .isGreaterThanOrEqualTo(files.size());
    }

    // S3 to S3: ETags compare without reading; a same-length change in a single-part object differs
    CopyAction.Result s3ToS3 = Ferry.copy(spark()).source(dst).destination("s3a://bucket/copy2").hadoopConf(s3().s3aConf()).execute();
    assertThat(s3ToS3.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    byte[] changed = files.get("a/b/c/deep.bin").clone();
    changed[10] ^= 1;
    try (FileSystem fs = s3().fs("bucket");
         var out = fs.create(new org.apache.hadoop.fs.Path("/copy2/a/b/c/deep.bin"), true)) {
      out.write(changed);
    }
    DiffAction.Result etags = Ferry.diff(spark()).source(dst).destination("s3a://bucket/copy2").hadoopConf(s3().s3aConf()).execute();
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
    Map<String, String> conf = new TreeMap<>(s3().s3aConf());
    conf.put("ferry.copy.part.threshold", "6M");
    conf.put("ferry.copy.part.size", "5M");

    CopyAction.Result toS3;
    try (CountingProxy proxy = new CountingProxy(Integer.parseInt(s3().endpoint().replaceAll(".*:", "")))) {
      Map<String, String> counted = new TreeMap<>(conf);
      counted.put("fs.s3a.endpoint", proxy.endpoint());
      toS3 = Ferry.copy(spark()).source(src.toString()).destination("s3a://bucket/parts").hadoopConf(counted).execute();
      assertThat(proxy.copyRequests()).as("parts are uploaded, not copied").isZero();
    }
    assertThat(toS3.plan().partedFiles()).isEqualTo(1);
    assertThat(toS3.plan().parts()).isEqualTo(4);
    assertThat(toS3.counter(Counter.FILES_COPIED)).as(toS3.failures().toString()).isEqualTo(2);
    Invariants.assertCopyInvariants(toS3);
    try (FileSystem fs = s3().fs("bucket")) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/parts"), Trees.withDirectories(files));
      assertThat(((org.apache.hadoop.fs.s3a.S3AFileSystem) fs).listMultipartUploads("parts/")).isEmpty();
    }

    CopyAction.Result toHdfs = Ferry.copy(spark()).source(src.toString()).destination(STORES.hdfs().uri() + "/parts")
        .hadoopConf(conf).execute();
    assertThat(toHdfs.plan().partedFiles()).isEqualTo(1);
    assertThat(toHdfs.counter(Counter.FILES_COPIED)).as(toHdfs.failures().toString()).isEqualTo(2);
    Trees.assertSameTree(Trees.readHadoop(STORES.hdfs().fs(), "/parts"), Trees.withDirectories(files));
    assertThat(toHdfs.outcomes().filter("path = 'huge.bin'").first().getString(4)).isEqualTo("copied in 4 parts");
  }

  @Test
  void hdfsToS3WithAMultipartFileAndS3ToHdfs() throws Exception {
    Random r = new Random(17);
    Map<String, byte[]> files = new TreeMap<>();
    files.put("big/part-0.bin", Trees.bytes(r, 12 * 1024 * 1024 + 3)); // three 5 MiB parts
    files.put("small.txt", "small".getBytes());
    Trees.writeHadoop(STORES.hdfs().fs(), "/hs/src", files);

    CopyAction.Result up = Ferry.copy(spark()).source(STORES.hdfs().uri() + "/hs/src").destination("s3a://bucket/hs")
        .hadoopConf(s3().s3aConf()).execute();
    assertThat(up.counter(Counter.FILES_COPIED)).as(up.failures().toString()).isEqualTo(2);
    try (FileSystem fs = s3().fs("bucket")) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/hs"), Trees.withDirectories(files));
    }

    CopyAction.Result down = Ferry.copy(spark()).source("s3a://bucket/hs").destination(STORES.hdfs().uri() + "/hs/back")
        .hadoopConf(s3().s3aConf()).execute();
    assertThat(down.counter(Counter.FILES_COPIED)).isEqualTo(2);
    Trees.assertSameTree(Trees.readHadoop(STORES.hdfs().fs(), "/hs/back"), Trees.withDirectories(files));
  }
}
