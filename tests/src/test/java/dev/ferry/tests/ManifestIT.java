package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests round trip on the local disk, HDFS and S3: a first copy writes --outputManifest; new
 * files appear; a second copy with --previousManifest copies only them; --copyFromManifest into a
 * fresh destination copies exactly the listed files, without listing the source.
 */
@Timeout(600)
class ManifestIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS, TestStores.Store.S3);

  @TempDir
  Path tmp;

  @Test
  void localDisk() throws Exception {
    roundTrip(tmp.resolve("src").toUri().toString(), tmp.resolve("dst").toUri().toString(),
        tmp.resolve("fresh").toUri().toString(), Map.of());
  }

  @Test
  void hdfs() throws Exception {
    String root = STORES.hdfs().uri() + "/manifests";
    roundTrip(root + "/src", root + "/dst", root + "/fresh", Map.of());
  }

  @Test
  void localToS3() throws Exception {
    roundTrip(tmp.resolve("src").toUri().toString(), "s3a://bucket/manifests/dst", "s3a://bucket/manifests/fresh",
        STORES.s3().s3aConf());
  }

  private void roundTrip(String src, String dst, String fresh, Map<String, String> conf) throws Exception {
    Configuration hc = new Configuration();
    conf.forEach(hc::set);
    Random r = new Random(13);
    Map<String, byte[]> first = new LinkedHashMap<>();
    first.put("a.txt", "alpha\n".getBytes());
    first.put("dt=1/b.bin", Trees.bytes(r, 70_000));
    first.put("dt=1/c d.txt", "with a space".getBytes());
    first.put("dt=2/deep/e.txt", new byte[0]);
    write(src, first, hc);

    CopyAction.Result one = Ferry.copy(STORES.spark()).source(src).destination(dst).hadoopConf(conf)
        .outputManifest("manifest.gz").execute();
    assertThat(one.counter(Counter.FILES_COPIED)).isEqualTo(4);
    Map<String, JsonNode> m1 = manifest(dst + "/manifest.gz", hc);
    assertThat(m1.keySet()).containsExactlyInAnyOrderElementsOf(first.keySet());
    for (Map.Entry<String, byte[]> e : first.entrySet()) {
      assertThat(m1.get(e.getKey()).get("size").asLong()).isEqualTo(e.getValue().length);
      assertThat(m1.get(e.getKey()).get("modificationTime").asLong()).isPositive();
      if (dst.startsWith("s3a:") || dst.startsWith("hdfs:")) { // stores that keep what a copy recorded
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(e.getValue());
        assertThat(m1.get(e.getKey()).get("crc32c").asText()).as(e.getKey())
            .isEqualTo(String.format("%08x", crc.getValue()));
      }
    }

    Map<String, byte[]> added = Map.of("dt=3/f.txt", "new file".getBytes(), "g.txt", Trees.bytes(r, 5000));
    write(src, added, hc);
    CopyAction.Result two = Ferry.copy(STORES.spark()).source(src).destination(dst).hadoopConf(conf)
        .previousManifest(dst + "/manifest.gz").outputManifest("manifest2.gz").execute();
    assertThat(two.counter(Counter.FILES_COPIED)).as(two.counters().toString()).isEqualTo(2);
    assertThat(two.counter(Counter.FILES_EXPECTED)).isEqualTo(2);
    // this run's files and the previous manifest's: each run's manifest serves the next one
    Map<String, JsonNode> m2 = manifest(dst + "/manifest2.gz", hc);
    assertThat(m2.keySet()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(first.keySet().stream(), added.keySet().stream()).toList());
    assertThat(m2.get("dt=3/f.txt").get("baseName").asText()).isEqualTo("dt=3/f.txt");
    Map<String, byte[]> all = new HashMap<>(first);
    all.putAll(added);
    Map<String, byte[]> atDst = read(dst, hc);
    atDst.remove("manifest.gz");
    atDst.remove("manifest2.gz");
    assertSameFiles(atDst, all);

    // exactly the files of the first manifest, none of the later ones
    CopyAction.Result three = Ferry.copy(STORES.spark()).source(src).destination(fresh).hadoopConf(conf)
        .previousManifest(dst + "/manifest.gz").copyFromManifest().execute();
    assertThat(three.counter(Counter.FILES_COPIED)).isEqualTo(4);
    assertSameFiles(read(fresh, hc), first);
  }

  @Test
  void aMissingPreviousManifestFailsUnlessItIsOptional() throws Exception {
    Path src = tmp.resolve("s");
    Trees.writeLocal(src, Map.of("x.txt", "x".getBytes()));
    String missing = tmp.resolve("nope.gz").toString();
    Cli.Run required = Cli.run("--src", src.toString(), "--dest", tmp.resolve("d1").toString(),
        "--previousManifest=" + missing, "--quiet");
    assertThat(required.exit()).isEqualTo(2);
    assertThat(required.err()).contains("--previousManifest").contains("does not exist")
        .contains("--requirePreviousManifest=false");
    assertThat(tmp.resolve("d1")).doesNotExist();
    Cli.Run optional = Cli.run("--src", src.toString(), "--dest", tmp.resolve("d2").toString(),
        "--previousManifest", missing, "--requirePreviousManifest=false", "--outputManifest", "out.gz", "--quiet");
    assertThat(optional.exit()).as(optional.err()).isZero();
    assertThat(tmp.resolve("d2/x.txt")).hasContent("x");
    assertThat(tmp.resolve("d2/out.gz")).isRegularFile();
    Cli.Run noName = Cli.run("--src", src.toString(), "--dest", tmp.resolve("d3").toString(), "--outputManifest=m.json");
    assertThat(noName.exit()).isEqualTo(2);
    assertThat(noName.err()).contains("ending in .gz");
    Cli.Run alone = Cli.run("--src", src.toString(), "--dest", tmp.resolve("d4").toString(), "--copyFromManifest");
    assertThat(alone.exit()).isEqualTo(2);
    assertThat(alone.err()).contains("--previousManifest");
  }

  /** A manifest S3DistCp or JindoDistCp 3.x wrote (full URIs in path, the relative path in baseName). */
  @Test
  void aManifestOfS3DistCpOrJindoDistCpIsReadByItsBaseName() throws Exception {
    Path src = tmp.resolve("s");
    Trees.writeLocal(src, Map.of("2017-02-01/03/1.log", "one".getBytes(), "2017-02-01/03/2.log", "two".getBytes()));
    Path m = tmp.resolve("manifest-2020-04-17.gz");
    try (var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(m)),
        StandardCharsets.UTF_8)) {
      out.write("{\"path\":\"oss://yang-hhht/hourly_table/2017-02-01/03/1.log\",\"baseName\":\"2017-02-01/03/1.log\","
          + "\"srcDir\":\"oss://yang-hhht/hourly_table\",\"size\":3}\n");
    }
    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("d").toString())
        .previousManifest("file://" + m).execute();
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(tmp.resolve("d/2017-02-01/03/2.log")).hasContent("two");
    assertThat(tmp.resolve("d/2017-02-01/03/1.log")).doesNotExist();
  }

  @Test
  void copyFromManifestFailsTheFilesTheSourceNoLongerHas() throws Exception {
    Path src = tmp.resolve("s");
    Trees.writeLocal(src, Map.of("keep.txt", "k".getBytes(), "gone.txt", "g".getBytes()));
    Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("d").toString())
        .outputManifest("m.gz").execute();
    java.nio.file.Files.delete(src.resolve("gone.txt"));
    CopyAction.Result r = Ferry.copy(STORES.spark()).source(src.toString()).destination(tmp.resolve("e").toString())
        .previousManifest(tmp.resolve("d/m.gz").toString()).copyFromManifest().execute();
    assertThat(r.counter(Counter.FILES_COPIED)).isEqualTo(1);
    assertThat(r.counter(Counter.COPY_FAILED)).isEqualTo(1);
    assertThat(r.failures().get(0).path()).isEqualTo("gone.txt");
    assertThat(tmp.resolve("e/keep.txt")).hasContent("k");
  }

  /** The files of a tree (folders left out) against the expected files. */
  static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    Map<String, byte[]> files = new java.util.TreeMap<>();
    actual.forEach((k, v) -> {
      if (!k.endsWith("/")) files.put(k, v);
    });
    Trees.assertSameTree(files, new java.util.TreeMap<>(expected));
  }

  static void write(String root, Map<String, byte[]> files, Configuration conf) throws Exception {
    if (root.startsWith("file:")) { // the local disk without Hadoop's .crc side files
      Trees.writeLocal(Path.of(java.net.URI.create(root)), files);
      return;
    }
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      Trees.writeHadoop(fs, p.toUri().getPath(), files);
    }
  }

  static Map<String, byte[]> read(String root, Configuration conf) throws Exception {
    if (root.startsWith("file:")) return Trees.readLocal(Path.of(java.net.URI.create(root)));
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      return Trees.readHadoop(fs, p.toUri().getPath());
    }
  }

  static Map<String, JsonNode> manifest(String uri, Configuration conf) throws Exception {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf);
         BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(fs.open(p)),
             StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        JsonNode n = json.readTree(line);
        assertThat(out.put(n.get("path").asText(), n)).as("listed once: " + line).isNull();
      }
    }
    return out;
  }
}
