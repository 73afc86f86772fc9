package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import dev.ferry.tests.oss.FakeOssServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only OSS does, through hadoop-aliyun's oss:// against an OSS-protocol server on 127.0.0.1
 * that checks every request's signature (the contract covers copy, update and diff): no
 * copy-on-rename, multipart uploads, and OSS to OSS compared by the objects' CRC-64.
 */
@Timeout(600)
class OssCopyIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS, TestStores.Store.OSS);
  @TempDir
  Path tmp;

  @Test
  void objectsAreWrittenOnceSignedAndComparedByCrc64() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("big/large.bin", Trees.bytes(new Random(4), 350_000)); // a multipart upload
    files.put("small.txt", "small".getBytes());
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files);
    FakeOssServer oss = STORES.oss();
    oss.resetCounters();

    CopyAction.Result up = Ferry.copy(STORES.spark()).source(src.toString()).destination("oss://bucket/logs")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(up.counter(Counter.FILES_COPIED)).as(up.failures().toString()).isEqualTo(files.size());
    assertThat(oss.rejectedSignatures()).isZero();
    assertThat(oss.requestCount(FakeOssServer.Operation.COPY_OBJECT)).as("no copy-on-rename on OSS").isZero();

    CopyAction.Result copy2 = Ferry.copy(STORES.spark()).source("oss://bucket/logs").destination("oss://bucket/logs2")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(copy2.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    byte[] changed = files.get("big/large.bin").clone();
    changed[7] ^= 1;
    try (var fs = STORES.ossFs(); var out = fs.create(new org.apache.hadoop.fs.Path("/logs2/big/large.bin"), true)) {
      out.write(changed);
    }
    DiffAction.Result diff = Ferry.diff(STORES.spark()).source("oss://bucket/logs").destination("oss://bucket/logs2")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(diff.counter(Counter.CHECKSUM_DIFF)).isEqualTo(1);
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(files.size() - 1);
    assertThat(diff.outcomes().first().getString(4)).as("compared by OSS's CRC-64").startsWith("CRC64ECMA:");
  }

  @Test
  void hdfsToOss() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("a/x.bin", Trees.bytes(new Random(2), 200_000));
    files.put("b.txt", "b".getBytes());
    Trees.writeHadoop(STORES.hdfs().fs(), "/ho", files);
    CopyAction.Result r = Ferry.copy(STORES.spark()).source(STORES.hdfs().uri() + "/ho").destination("oss://bucket/ho")
        .hadoopConf(STORES.ossConf()).execute();
    assertThat(r.counter(Counter.FILES_COPIED)).as(r.failures().toString()).isEqualTo(2);
    try (var fs = STORES.ossFs()) {
      Trees.assertSameTree(Trees.readHadoop(fs, "/ho"), Trees.withDirectories(files));
    }
  }
}
