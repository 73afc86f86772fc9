package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command line of JindoDistCp's quick start (docs/user/en/jindotools/jindodistcp_quickstart.md
 * in aliyun/alibabacloud-jindodata), verbatim, run through Ferry's command line: only the paths and
 * the example credentials are swapped for the test's (a local tree, and the OSS-protocol server).
 */
@Timeout(900)
class JindoGuideIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.OSS);

  /** The guide's lines as the guide prints them (two of them without "hadoop jar"; one with a leading space). */
  static final String GUIDE = """
      hadoop jar jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table
      hadoop jar jindo-distcp-tool-${version}.jar --src /test.txt --dest oss://example-oss-bucket/tmp
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --bandWidth 6
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --codec gz
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --filters filter.txt
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --srcPrefixesFile prefixes.txt
      jindo-distcp-tool-${version}.jar --src /opt/tmp --dest oss://example-oss-bucket/tmp --parallelism 20
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --taskBatch 10
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --tmp /tmp
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table \\
      --hadoopConf fs.oss.accessKeyId=yourkey --hadoopConf fs.oss.accessKeySecret=yoursecret
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --disableChecksum
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --enableTransaction
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --ignore
       jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --update
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --diff
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-bucket/hourly_table --policy coldArchive --parallelism 20
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-bucket/hourly_table --policy archive --parallelism 20
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-bucket/hourly_table --policy ia --parallelism 20
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --preserveMeta
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --jobBatch 50000
      jindo-distcp-tool-${version}.jar --src /data/hourly_table --dest oss://example-oss-bucket/hourly_table --deleteOnSuccess
      """;

  @TempDir
  Path tmp;

  static final Map<String, byte[]> TABLE = Map.of(
      "2017-02-01/03/000151.sst", "sst-1".getBytes(),
      "2017-02-01/03/test-000152.sst", "sst-2".getBytes(),
      "2017-02-01/03/1.log", "log".getBytes(),
      "2017-02-01/03/x.tmp", "tmp".getBytes());

  /** The guide's lines, continuation lines joined, each as its arguments after the jar. */
  static List<List<String>> lines() {
    List<List<String>> out = new ArrayList<>();
    String joined = GUIDE.replace("\\\n", " ");
    for (String line : joined.split("\n")) {
      if (line.isBlank()) continue;
      String args = line.substring(line.indexOf(".jar") + 4).strip();
      out.add(List.of(args.split("\\s+")));
    }
    return out;
  }

  @Test
  void everyQuickStartLineRunsUnchanged() throws Exception {
    Path table = tmp.resolve("data/hourly_table");
    Path optTmp = tmp.resolve("opt/tmp");
    Path testTxt = tmp.resolve("test.txt");
    Trees.writeLocal(optTmp, Map.of("a", "a".getBytes()));
    Files.writeString(testTxt, "test");
    Files.writeString(tmp.resolve("filter.txt"), ".*\\.tmp\n");
    Files.writeString(tmp.resolve("prefixes.txt"), ".*test.*\n");
    STORES.oss().createBucket("example-oss-bucket");
    STORES.oss().createBucket("example-bucket");
    // the guide copies a single file "into a directory": an existing one (Ferry's contract: a file is copied to
    // the destination path, or into it when it is a directory or ends with /)
    Map<String, String> conf = STORES.ossConf();
    org.apache.hadoop.conf.Configuration hc = new org.apache.hadoop.conf.Configuration();
    conf.forEach(hc::set);
    hc.set("fs.oss.impl", "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem");
    try (var fs = org.apache.hadoop.fs.FileSystem.newInstance(java.net.URI.create("oss://example-oss-bucket/"), hc)) {
      fs.mkdirs(new org.apache.hadoop.fs.Path("/tmp"));
    }
    List<List<String>> lines = lines();
    assertThat(lines).hasSize(21);

    for (List<String> guideArgs : lines) {
      Trees.writeLocal(table, TABLE); // --deleteOnSuccess empties it: every line starts from the same table
      List<String> args = new ArrayList<>();
      for (String a : guideArgs) {
        a = a.replace("/data/hourly_table", table.toString()).replace("/opt/tmp", optTmp.toString())
            .replace("/test.txt", testTxt.toString())
            .replace("fs.oss.accessKeyId=yourkey", "fs.oss.accessKeyId=" + TestStores.OSS_ID)
            .replace("fs.oss.accessKeySecret=yoursecret", "fs.oss.accessKeySecret=" + TestStores.OSS_SECRET);
        if (a.equals("filter.txt") || a.equals("prefixes.txt")) a = tmp.resolve(a).toString();
        args.add(a);
      }
      for (Map.Entry<String, String> e : STORES.ossConf().entrySet()) {
        if (!args.contains(e.getKey() + "=" + e.getValue()) && !e.getKey().startsWith("fs.oss.access")) {
          args.add("--hadoopConf");
          args.add(e.getKey() + "=" + e.getValue());
        }
      }
      if (!args.contains("--hadoopConf") || args.stream().noneMatch(a -> a.startsWith("fs.oss.accessKeyId="))) {
        args.addAll(List.of("--hadoopConf", "fs.oss.accessKeyId=" + TestStores.OSS_ID, "--hadoopConf",
            "fs.oss.accessKeySecret=" + TestStores.OSS_SECRET));
      }
      Cli.Run run = Cli.run(args.toArray(String[]::new));
      assertThat(run.exit()).as(String.join(" ", guideArgs) + "\n" + run.err()).isZero();
    }

    var oss = STORES.oss();
    assertThat(oss.objectContent("example-oss-bucket", "tmp/test.txt")).as("a single file into a directory, keeping its "
        + "name").hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("test"));
    assertThat(oss.objectContent("example-oss-bucket", "hourly_table/2017-02-01/03/1.log.gz"))
        .as("--codec gz").hasValueSatisfying(b -> assertThat(gunzip(b)).isEqualTo("log"));
    assertThat(oss.storageClass("example-bucket", "hourly_table/2017-02-01/03/1.log")).as("the last --policy")
        .contains("IA");
    assertThat(Trees.readLocal(table)).as("--deleteOnSuccess moved the table").doesNotContainKey("2017-02-01/03/1.log");
    Map<String, byte[]> dst = new TreeMap<>();
    for (String rel : TABLE.keySet()) {
      dst.put(rel, oss.objectContent("example-oss-bucket", "hourly_table/" + rel).orElse(null));
    }
    assertThat(dst).as("every file reached the destination").allSatisfy((k, v) -> assertThat(v).isEqualTo(TABLE.get(k)));
  }

  static String gunzip(byte[] b) {
    try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return new String(in.readAllBytes());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
