package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety on a real HDFS whose NameNode runs as another user, so that permissions apply to the
 * jobs: an unreadable source folder, a read-only destination folder, a file overwritten while it
 * is copied, the report written to HDFS, and overlaps spelled with different addresses.
 */
@Timeout(600)
class HdfsSafetyIT {
  static MiniHdfs hdfs;
  static SparkSession spark;
  static UserGroupInformation superuser;
  @TempDir
  static Path base;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.startedBy("hdfs", base.resolve("dfs"));
    superuser = UserGroupInformation.createRemoteUser("hdfs");
    spark = SparkFixture.local(2, 1);
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
    if (hdfs != null) hdfs.close();
  }

  /** Runs filesystem set-up as the NameNode's superuser. */
  static void asSuperuser(FsAction action) throws Exception {
    superuser.doAs((PrivilegedExceptionAction<Void>) () -> {
      try (FileSystem fs = FileSystem.newInstance(java.net.URI.create(hdfs.uri()), new org.apache.hadoop.conf.Configuration())) {
        action.run(fs);
      }
      return null;
    });
  }

  interface FsAction {
    void run(FileSystem fs) throws Exception;
  }

  static org.apache.hadoop.fs.Path p(String path) {
    return new org.apache.hadoop.fs.Path(path);
  }

  static void write(FileSystem fs, String path, byte[] data) throws Exception {
    try (OutputStream out = fs.create(p(path), true)) {
      out.write(data);
    }
  }

  @Test
  void anUnreadableSourceFolderIsCountedAsFailedAndTheRestIsCopied() throws Exception {
    asSuperuser(fs -> {
      write(fs, "/ur/src/a.csv", "a".getBytes());
      write(fs, "/ur/src/pub/c.csv", "c".getBytes());
      write(fs, "/ur/src/secret/b.csv", "b".getBytes());
      fs.setPermission(p("/ur/src/secret"), new FsPermission((short) 0700));
      fs.mkdirs(p("/ur/out"));
      fs.setPermission(p("/ur/out"), new FsPermission((short) 0777));
    });
    CopyAction.Result copy = Ferry.copy(spark).source(hdfs.uri() + "/ur/src").destination(hdfs.uri() + "/ur/out/t").execute();
    assertThat(copy.counter(Counter.FILES_COPIED)).isEqualTo(2);
    assertThat(copy.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(copy.failures()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("secret");
      assertThat(f.error()).contains("cannot list this directory", "Permission denied");
    });
    DiffAction.Result diff = Ferry.diff(spark).source(hdfs.uri() + "/ur/src").destination(hdfs.uri() + "/ur/out/t").execute();
    assertThat(diff.counter(Counter.SAME_FILES)).isEqualTo(2);
    assertThat(diff.counter(Counter.DIFF_FAILED)).isEqualTo(1);
  }

  @Test
  void failuresInAReadOnlyDestinationNameTheTargetNotATemporary() throws Exception {
    asSuperuser(fs -> {
      write(fs, "/ro/src/pub/c.csv", "c".getBytes());
      fs.mkdirs(p("/ro/out/pub"));
      fs.setPermission(p("/ro/out"), new FsPermission((short) 0777));
      fs.setPermission(p("/ro/out/pub"), new FsPermission((short) 0755)); // the superuser's, read-only to us
    });
    CopyAction.Result r = Ferry.copy(spark).source(hdfs.uri() + "/ro/src").destination(hdfs.uri() + "/ro/out").execute();
    assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(r.failures()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("pub/c.csv");
      assertThat(f.error()).contains("Permission denied", "/ro/out/pub").doesNotContain(".ferry-");
    });
  }

  @Test
  void aFileOverwrittenWhileItIsCopiedIsNeverPublishedMixed() throws Exception {
    asSuperuser(fs -> {
      fs.mkdirs(p("/ow"));
      fs.setPermission(p("/ow"), new FsPermission((short) 0777));
    });
    int size = 8 << 20;
    byte[] first = new byte[size];
    Arrays.fill(first, (byte) 'o');
    byte[] second = Trees.bytes(new Random(2), size);
    hdfs.write("/ow/src/big.bin", first, 1 << 20);
    Path dst = tmp.resolve("dst");

    CompletableFuture<Void> overwrite = CompletableFuture.runAsync(() -> {
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
          if (Files.isDirectory(dst)) {
            try (Stream<Path> s = Files.list(dst)) {
              List<Path> temps = s.filter(x -> x.getFileName().toString().startsWith(".ferry-")).toList();
              for (Path t : temps) {
                if (Files.exists(t) && Files.size(t) >= 2 << 20) {
                  hdfs.write("/ow/src/big.bin", second, 1 << 20);
                  return;
                }
              }
            }
          }
          Thread.sleep(20);
        }
        throw new IllegalStateException("the copy never got 2 MiB through");
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    CopyAction.Result r = Ferry.copy(spark).source(hdfs.uri() + "/ow/src").destination(dst.toString()).bandwidthMBps(2)
        .taskThreads(1).execute();
    overwrite.get(60, TimeUnit.SECONDS);

    Path copied = dst.resolve("big.bin");
    if (Files.exists(copied)) {
      byte[] got = Files.readAllBytes(copied);
      assertThat(Arrays.equals(got, first) || Arrays.equals(got, second)).as("one version, never a mix").isTrue();
      assertThat(got).as("retried after the overwrite: the new version").isEqualTo(second);
    } else {
      assertThat(r.counter(Counter.COPY_FAILED)).as(r.failures().toString()).isEqualTo(1);
    }
  }

  @Test
  void theReportGoesToAnHdfsUriAndOverlapsAreFoundWhateverTheAddress() throws Exception {
    asSuperuser(fs -> {
      write(fs, "/rp/src/x", "x".getBytes());
      fs.mkdirs(p("/rp/reports"));
      fs.setPermission(p("/rp"), new FsPermission((short) 0777));
      fs.setPermission(p("/rp/reports"), new FsPermission((short) 0777));
    });
    String report = hdfs.uri() + "/rp/reports/r.json";
    Cli.Run r = Cli.run("--src", hdfs.uri() + "/rp/src", "--dest", tmp.resolve("d").toString(),
        "--report", report, "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    try (FileSystem fs = FileSystem.newInstance(java.net.URI.create(hdfs.uri()), new org.apache.hadoop.conf.Configuration())) {
      assertThat(fs.exists(p("/rp/reports/r.json"))).isTrue();
    }

    String localhost = hdfs.uri().replace("127.0.0.1", "localhost");
    for (List<String> c : List.of(
        List.of("--src", localhost + "/rp/src", "--dest", hdfs.uri() + "/rp/src/inner"),
        List.of("--src", hdfs.uri() + "/rp/src", "--dest", localhost + "/rp"),
        List.of("--src", hdfs.uri() + "/rp/src", "--dest", localhost + "/rp/src/../src"))) {
      Cli.Run o = Cli.run(c.toArray(String[]::new));
      assertThat(o.exit()).as("%s: %s", c, o.err()).isEqualTo(2);
      assertThat(o.err()).contains("--src", "--dest").containsAnyOf("lies inside", "same place");
    }
    Map<String, byte[]> src = Trees.readHadoop(hdfs.fs(), "/rp/src");
    assertThat(src).containsOnlyKeys("x");
  }
}
