package dev.ferry.tests;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real components a test class needs, started once before its tests and stopped after them:
 * a Spark session ({@code local[2]} with one attempt per task), and on request a MiniDFSCluster,
 * the S3-compatible server and the OSS-protocol server, each in a fresh folder.
 *
 * <pre>{@code @RegisterExtension static final TestStores stores = TestStores.with(Store.HDFS, Store.S3);}</pre>
 */
public final class TestStores implements BeforeAllCallback, AfterAllCallback {
  /** The servers a class can ask for (Spark always runs). */
  public enum Store { HDFS, S3, OSS }

  public static final String BUCKET = "bucket";
  static final String OSS_ID = "oss-test-id";
  static final String OSS_SECRET = "oss-test-secret";

  private final Set<Store> wanted;
  private Path base;
  private SparkSession spark;
  private MiniHdfs hdfs;
  private S3Server s3;
  private dev.ferry.tests.oss.FakeOssServer oss;

  private TestStores(Set<Store> wanted) {
    this.wanted = wanted;
  }

  public static TestStores with(Store... stores) {
    return new TestStores(stores.length == 0 ? EnumSet.noneOf(Store.class) : EnumSet.of(stores[0], stores));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    base = Files.createTempDirectory("ferry-stores");
    if (wanted.contains(Store.HDFS)) hdfs = new MiniHdfs(base.resolve("dfs"));
    if (wanted.contains(Store.S3)) s3 = new S3Server(base.resolve("s3"), BUCKET);
    if (wanted.contains(Store.OSS)) {
      oss = new dev.ferry.tests.oss.FakeOssServer(OSS_ID, OSS_SECRET);
      oss.createBucket(BUCKET);
    }
    spark = SparkFixture.local(2, 1);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (spark != null) spark.stop();
    if (hdfs != null) hdfs.close();
    if (s3 != null) s3.close();
    if (oss != null) oss.close();
    if (base != null) {
      try (Stream<Path> s = Files.walk(base)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public SparkSession spark() {
    return spark;
  }

  public MiniHdfs hdfs() {
    return require(hdfs, Store.HDFS);
  }

  public S3Server s3() {
    return require(s3, Store.S3);
  }

  public dev.ferry.tests.oss.FakeOssServer oss() {
    return require(oss, Store.OSS);
  }

  private <T> T require(T started, Store store) {
    if (started == null) throw new IllegalStateException(store + " was not asked for: TestStores.with(Store." + store + ")");
    return started;
  }

  /** The settings a job needs to reach the OSS-protocol server through hadoop-aliyun. */
  public Map<String, String> ossConf() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fs.oss.endpoint", "127.0.0.1:" + oss().port());
    m.put("fs.oss.connection.secure.enabled", "false");
    m.put("fs.oss.accessKeyId", OSS_ID);
    m.put("fs.oss.accessKeySecret", OSS_SECRET);
    m.put("fs.oss.attempts.maximum", "2");
    m.put("fs.oss.multipart.upload.size", "102400");
    m.put("fs.oss.buffer.dir", base.resolve("oss-buffer").toString());
    return m;
  }

  /** A client of the OSS-protocol server's bucket, for set-up and checks; the caller closes it. */
  public FileSystem ossFs() throws IOException {
    Configuration c = new Configuration();
    ossConf().forEach(c::set);
    c.set("fs.oss.impl", "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem");
    return FileSystem.newInstance(URI.create("oss://" + BUCKET + "/"), c);
  }

  /** A folder of its own for a test's local trees. */
  public Path newFolder(String name) throws IOException {
    return Files.createDirectories(base.resolve("local").resolve(name));
  }
}
