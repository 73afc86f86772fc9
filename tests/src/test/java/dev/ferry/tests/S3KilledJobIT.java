package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy to S3 killed (kill -9) in the middle of a multipart upload: nothing is visible under the
 * final name, and the next run with --cleanupUploads leaves no pending upload behind.
 */
@Timeout(600)
class S3KilledJobIT {
  static final Path REPO = FerryProcess.REPO;

  @TempDir
  Path tmp;

  static void awaitAPart(S3AFileSystem s3a, long deadline) throws Exception {
    var client = s3a.getS3AInternals().getAmazonS3Client("count the parts of a pending upload");
    while (System.nanoTime() < deadline) {
      for (var upload : s3a.listMultipartUploads("killed/")) {
        var parts = client.listParts(software.amazon.awssdk.services.s3.model.ListPartsRequest.builder()
            .bucket("bucket").key(upload.key()).uploadId(upload.uploadId()).build());
        if (!parts.parts().isEmpty()) return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no part of the upload landed in time");
  }

  @Test
  void killedMidUploadLeavesNoPartialObjectAndCleanupRemovesThePendingUpload() throws Exception {
    Path src = tmp.resolve("src");
    byte[] big = Trees.bytes(new Random(3), 40 * 1024 * 1024);
    Trees.writeLocal(src, Map.of("big.bin", big));
    try (S3Server s3 = new S3Server(tmp.resolve("s3"), "bucket");
         FileSystem fs = s3.fs("bucket")) {
      List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/ferry").toString(), "--quiet",
          "--src", src.toString(), "--dest", "s3a://bucket/killed", "--bandWidth", "4"));
      s3.s3aConf().forEach((k, v) -> cmd.addAll(List.of("--hadoopConf", k + "=" + v)));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("ferry.log").toFile()).start();
      S3AFileSystem s3a = (S3AFileSystem) fs;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (s3a.listMultipartUploads("killed/").isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(p.isAlive()).as("the copy is still uploading: " + Files.readString(tmp.resolve("ferry.log"))).isTrue();
      awaitAPart(s3a, deadline); // kill once a part has landed, so the upload is truly mid-way
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no abort
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(fs.exists(new org.apache.hadoop.fs.Path("/killed/big.bin")))
          .as("no partial object under the final name").isFalse();
      assertThat(s3a.listMultipartUploads("killed/")).as("the kill left its upload pending").isNotEmpty();

      SparkSession spark = SparkFixture.local(2, 1);
      try {
        CopyAction.Result r = Ferry.update(spark).source(src.toString()).destination("s3a://bucket/killed")
            .hadoopConf(s3.s3aConf()).cleanupUploads().execute();
        assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
      } finally {
        spark.stop();
      }
      assertThat(s3a.listMultipartUploads("killed/")).as("no pending upload after cleanup").isEmpty();
      try (var in = fs.open(new org.apache.hadoop.fs.Path("/killed/big.bin"))) {
        assertThat(in.readAllBytes()).isEqualTo(big);
      }
    }
  }
}
