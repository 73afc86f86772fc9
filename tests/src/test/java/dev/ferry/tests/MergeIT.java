package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * --groupBy/--targetSize: text and binary files concatenated per capture-group value, in path
 * order, into files of at most the target size; files that do not match copied as they are.
 */
@Timeout(600)
class MergeIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.S3);

  static final String REGEX = ".*/(\\d{4}-\\d{2}-\\d{2}-\\d{2})-[a-z]+\\.(?:log|bin)";

  @TempDir
  Path tmp;

  /** Three hours of logs (text), one hour of binary parts, and files that match nothing. */
  static Map<String, byte[]> source() {
    Random r = new Random(5);
    Map<String, byte[]> files = new TreeMap<>();
    for (String hour : List.of("00", "01", "02")) {
      for (String host : List.of("alpha", "beta", "gamma", "delta")) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) sb.append(hour).append(' ').append(host).append(" line ").append(i).append('\n');
        files.put("logs/2024-01-01-" + hour + "-" + host + ".log", sb.toString().getBytes());
      }
    }
    for (String part : List.of("a", "b", "c")) files.put("bins/2024-01-02-05-" + part + ".bin", Trees.bytes(r, 400_000));
    files.put("other/readme.txt", "not merged".getBytes());
    files.put("logs/2024-01-01-00-UPPER.log", "does not match the regex".getBytes());
    return files;
  }

  static byte[] concat(Map<String, byte[]> files, String... names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String n : names) out.writeBytes(files.get(n));
    return out.toByteArray();
  }

  @Test
  void mergesTextAndBinaryFilesExactlyIntoFilesUnderTheTargetSize() throws Exception {
    Path src = tmp.resolve("src");
    Map<String, byte[]> files = source();
    Trees.writeLocal(src, files);
    Cli.Run run = Cli.run("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--groupBy", REGEX,
        "--targetSize=1", "--quiet");
    assertThat(run.exit()).as(run.err()).isZero();
    Map<String, byte[]> dst = ManifestIT.read(tmp.resolve("dst").toUri().toString(), new Configuration());
    dst.keySet().removeIf(k -> k.endsWith("/"));
    Map<String, byte[]> expected = new TreeMap<>();
    for (String hour : List.of("00", "01", "02")) { // ~100 KB a log file: one merged file an hour
      String p = "logs/2024-01-01-" + hour + "-";
      expected.put("2024-01-01-" + hour, concat(files, p + "alpha.log", p + "beta.log", p + "delta.log", p + "gamma.log"));
    }
    // 3 x 400,000 bytes with 1 MiB at most: two files, in path order
    expected.put("2024-01-02-05-00000", concat(files, "bins/2024-01-02-05-a.bin", "bins/2024-01-02-05-b.bin"));
    expected.put("2024-01-02-05-00001", concat(files, "bins/2024-01-02-05-c.bin"));
    expected.put("other/readme.txt", files.get("other/readme.txt"));
    expected.put("logs/2024-01-01-00-UPPER.log", files.get("logs/2024-01-01-00-UPPER.log"));
    Trees.assertSameTree(new TreeMap<>(dst), expected);
    for (Map.Entry<String, byte[]> e : dst.entrySet()) {
      if (e.getKey().startsWith("2024")) assertThat(e.getValue().length).isLessThanOrEqualTo(1 << 20);
    }
    assertThat(run.out()).containsPattern("FILES_COPIED\\s+" + files.size());
  }

  @Test
  void mergedFilesToS3CompressedWithAManifestAndALaterRunForNewFilesOnly() throws Exception {
    Path src = tmp.resolve("src");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("h/2024-01-01-07-a.log", "a1\na2\n".getBytes());
    files.put("h/2024-01-01-07-b.log", "b1\n".getBytes());
    files.put("h/2024-01-01-08-a.log", "c1\n".getBytes());
    Trees.writeLocal(src, files);
    String dst = "s3a://bucket/merged";
    Map<String, String> conf = STORES.s3().s3aConf();
    CopyAction.Result one = Ferry.copy(STORES.spark()).source(src.toString()).destination(dst).hadoopConf(conf)
        .groupBy(REGEX).codec("gzip").outputManifest("m.gz").execute();
    assertThat(one.counter(Counter.FILES_COPIED)).isEqualTo(3);
    Configuration hc = new Configuration();
    conf.forEach(hc::set);
    Map<String, byte[]> out = ManifestIT.read(dst, hc);
    assertThat(gunzip(out.get("2024-01-01-07.gz"))).isEqualTo("a1\na2\nb1\n".getBytes());
    assertThat(gunzip(out.get("2024-01-01-08.gz"))).isEqualTo("c1\n".getBytes());
    Map<String, JsonNode> manifest = ManifestIT.manifest(dst + "/m.gz", hc);
    assertThat(manifest.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
    assertThat(manifest.get("h/2024-01-01-07-b.log").get("mergedInto").asText()).isEqualTo("2024-01-01-07.gz");

    // new files of an hour already merged: merged beside it, the earlier file kept
    Trees.writeLocal(src, Map.of("h/2024-01-01-07-c.log", "late\n".getBytes()));
    CopyAction.Result two = Ferry.update(STORES.spark()).source(src.toString()).destination(dst).hadoopConf(conf)
        .groupBy(REGEX).codec("gzip").previousManifest(dst + "/m.gz").execute();
    assertThat(two.counter(Counter.FILES_COPIED)).as(two.counters().toString()).isEqualTo(1);
    out = ManifestIT.read(dst, hc);
    assertThat(gunzip(out.get("2024-01-01-07.gz"))).isEqualTo("a1\na2\nb1\n".getBytes());
    String beside = out.keySet().stream().filter(k -> k.startsWith("2024-01-01-07.gz-")).findFirst().orElseThrow();
    assertThat(gunzip(out.get(beside))).isEqualTo("late\n".getBytes());
  }

  @Test
  void mergingRefusesWhatItCannotDo() throws Exception {
    Path src = tmp.resolve("s");
    Trees.writeLocal(src, Map.of("x.log", "x".getBytes()));
    Cli.Run noGroup = Cli.run("--src", src.toString(), "--dest", tmp.resolve("d").toString(), "--groupBy", ".*\\.log");
    assertThat(noGroup.exit()).isEqualTo(2);
    assertThat(noGroup.err()).contains("no capture group");
    Cli.Run update = Cli.run("--src", src.toString(), "--dest", tmp.resolve("d").toString(), "--update", "--groupBy",
        "(.*)\\.log");
    assertThat(update.exit()).isEqualTo(2);
    assertThat(update.err()).contains("--previousManifest");
    assertThat(tmp.resolve("d")).doesNotExist();
  }

  static byte[] gunzip(byte[] data) throws Exception {
    assertThat(data).as("the merged file").isNotNull();
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }
}
