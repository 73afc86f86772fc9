package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import dev.ferry.tests.oss.FakeOssServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copy, update and diff through hadoop-aliyun's oss:// against an OSS-protocol server on
 * 127.0.0.1 that checks every request's signature (the real client code path runs).
 */
@Timeout(600)
class OssCopyIT {
  static final String ID = "oss-test-id";
  static final String SECRET = "oss-test-secret";
  static FakeOssServer oss;
  static MiniHdfs hdfs;
  static SparkSession spark;
  @TempDir
  static Path base;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    oss = new FakeOssServer(ID, SECRET);
    oss.createBucket("bucket");
    hdfs = new MiniHdfs(base.resolve("dfs"));
    spark = SparkFixture.local(2, 1);
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) spark.stop();
    if (hdfs != null) hdfs.close();
    if (oss != null) oss.close();
  }

  static Map<String, String> conf() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fs.oss.endpoint", "127.0.0.1:" + oss.port());
    m.put("fs.oss.connection.secure.enabled", "false");
    m.put("fs.oss.accessKeyId", ID);
    m.put("fs.oss.accessKeySecret", SECRET);
    m.put("fs.oss.attempts.maximum", "2");
    m.put("fs.oss.multipart.upload.size", "102400");
    m.put("fs.oss.buffer.dir", base.resolve("oss-buffer").toString());
    return m;
  }

  org.apache.hadoop.fs.FileSystem ossFs() throws Exception {
    org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration();
    conf().forEach(c::set);
    c.set("fs.oss.impl", "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem");
    return org.apache.hadoop.fs.FileSystem.newInstance(java.net.URI.create("oss://bucket/"), c);
  }

  @Test
  void localToOssAndBackWithUpdateAndDiffByCrc64() throws Exception {
    Map<String, byte[]> files = new TreeMap<>(Trees.awkwardTree());
    files.put("multi/part.bin", Trees.bytes(new Random(4), 350_000)); // a multipart upload
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);
    oss.resetCounters();

    JobResult up = Ferry.copy(spark).source(src.toString()).destination("oss://bucket/logs").hadoopConf(conf()).execute();

    assertThat(up.counter(Counter.FILES_COPIED)).as(up.failures().toString()).isEqualTo(files.size());
    Invariants.assertCopyInvariants(up);
    assertThat(oss.rejectedSignatures()).isZero();
    assertThat(oss.requestCount(FakeOssServer.Operation.COPY_OBJECT)).as("no copy-on-rename on OSS").isZero();
    try (var fs = ossFs()) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/logs"), Trees.withDirectories(files, Trees.EMPTY_DIRS));
    }

    Path back = tmp.resolve("back");
    JobResult down = Ferry.copy(spark).source("oss://bucket/logs").destination(back.toString()).hadoopConf(conf()).execute();
    assertThat(down.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Trees.assertSameTree(Trees.readLocal(back), Trees.withDirectories(files, Trees.EMPTY_DIRS));

    JobResult update = Ferry.update(spark).source(src.toString()).destination("oss://bucket/logs").hadoopConf(conf()).execute();
    assertThat(update.counter(Counter.FILES_SKIPPED)).isEqualTo(files.size());

    // OSS to OSS: both keep CRC-64, so a same-length change is found without reading the contents
    JobResult copy2 = Ferry.copy(spark).source("oss://bucket/logs").destination("oss://bucket/logs2").hadoopConf(conf()).execute();
    assertThat(copy2.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    byte[] changed = files.get("big/large.bin").clone();
    changed[7] ^= 1;
    try (var fs = ossFs(); var out = fs.create(new org.apache.hadoop.fs.Path("/logs2/big/large.bin"), true)) {
      out.write(changed);
    }
    JobResult diff = Ferry.diff(spark).source("oss://bucket/logs").destination("oss://bucket/logs2").hadoopConf(conf()).execute();
    assertThat(diff.counter(Counter.CHECKSUM_DIFF)).isEqualTo(1);
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(files.size() - 1);
    assertThat(diff.outcomes().first().getString(4)).as("compared by OSS's CRC-64").startsWith("CRC64ECMA:");
  }

  @Test
  void hdfsToOss() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("a/x.bin", Trees.bytes(new Random(2), 200_000));
    files.put("b.txt", "b".getBytes());
    Trees.writeHadoop(hdfs.fs(), "/ho", files);
    JobResult r = Ferry.copy(spark).source(hdfs.uri() + "/ho").destination("oss://bucket/ho").hadoopConf(conf()).execute();
    assertThat(r.counter(Counter.FILES_COPIED)).as(r.failures().toString()).isEqualTo(2);
    try (var fs = ossFs()) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/ho"), Trees.withDirectories(files));
    }
  }
}
