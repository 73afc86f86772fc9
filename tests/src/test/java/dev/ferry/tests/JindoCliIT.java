package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.FerryMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** JindoDistCp's spellings on Ferry's command line: values, aliases, hints, slips of its guides, and what is refused. */
@Timeout(600)
class JindoCliIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.OSS);

  @TempDir
  Path tmp;

  Path tree() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("a/x.txt", "x".getBytes(), "b/y.txt", "yy".getBytes()));
    return src;
  }

  @Test
  void jindoSpellingsAndValuesAreAccepted() throws Exception {
    String src = tree().toString();
    String dst = tmp.resolve("dst").toString();
    Cli.Run r = Cli.run("--src", src, "--dest", dst, "--dest", dst, "--bandWidth", "-1", "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    r = Cli.run("--src=" + src, "--dest=" + tmp.resolve("d2"), "--bandwidth=6", "--taskBatch=1", "--jobBatch=1",
        "--cleanUpPending", "--enableBalancePlan", "--enableDynamicPlan", "--perNum", "5", "--queue", "etl", "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("planner hints").contains("--queue etl is ignored");
    assertThat(Trees.readLocal(tmp.resolve("d2"))).containsKeys("a/x.txt", "b/y.txt");
    r = Cli.run("--src", src, "--dest", tmp.resolve("d3").toString(), "-filters", tmp.resolve("none.txt").toString(),
        "--quiet");
    assertThat(r.exit()).as("-filters is --filters: a missing file is bad input").isEqualTo(2);
    assertThat(r.err()).contains("none.txt");
  }

  @Test
  void slipsAndUnsupportedFlagsGetOneLineErrorsAndExitTwo() throws Exception {
    String src = tree().toString();
    String dst = tmp.resolve("dst").toString();
    Cli.Run bare = Cli.run(src, "--dest", dst);
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err()).contains("pass the source as --src " + src);
    Cli.Run twice = Cli.run("--src", src, "--dest", dst, "--dest", dst + "2");
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).contains("--dest twice with different values");
    Cli.Run merge = Cli.run("--src", src, "--dest", dst, "--targetSize", "128");
    assertThat(merge.exit()).isEqualTo(2);
    assertThat(merge.err()).contains("--targetSize without --groupBy");
    Cli.Run sync = Cli.run("--src", src, "--dest", dst, "--syncSourceDelete");
    assertThat(sync.exit()).isEqualTo(2);
    assertThat(sync.err()).contains("add --update");
    Cli.Run policy = Cli.run("--src", src, "--dest", dst, "--policy", "Glacial");
    assertThat(policy.exit()).isEqualTo(2);
    assertThat(policy.err()).contains("--policy Glacial");
    assertThat(tmp.resolve("dst")).as("nothing written").doesNotExist();
  }

  @Test
  void credentialFlagsReachTheStoreAndAreNeverPrinted() throws Exception {
    String src = tree().toString();
    Cli.Run r = Cli.run("--src", src, "--dest", "oss://bucket/creds", "--ossKey", TestStores.OSS_ID, "--ossSecret",
        TestStores.OSS_SECRET, "--ossEndPoint", "127.0.0.1:" + STORES.oss().port(), "--hadoopConf",
        "fs.oss.connection.secure.enabled=false");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(STORES.oss().objectContent("bucket", "creds/b/y.txt")).isPresent();
    assertThat(r.out() + r.err()).doesNotContain(TestStores.OSS_SECRET);
  }

  @Test
  void overwriteMirrorsTheSource() throws Exception {
    String src = tree().toString();
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(dst, Map.of("old.txt", "o".getBytes(), "a/x.txt", "x".getBytes()));
    Cli.Run dry = Cli.run("--src", src, "--dest", dst.toString(), "--overwrite", "--dryRun");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would delete        1 files");
    Cli.Run r = Cli.run("--src", src, "--dest", dst.toString(), "--overwrite", "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("DST_DELETED");
    assertThat(Trees.readLocal(dst)).containsOnlyKeys("a/", "a/x.txt", "b/", "b/y.txt");
  }

  @Test
  void fedbalanceOptionsParseBeforeAndAfterSubmit() {
    var cl = FerryMain.commandLine();
    var before = cl.parseArgs("balance", "-map", "5", "-bandwidth", "10", "-delay", "100", "-diffThreshold", "3",
        "-moveToTrash", "skip", "-forceCloseOpen", "-router", "submit", "/a", "/b");
    assertThat(before.subcommand().subcommand().commandSpec().name()).isEqualTo("submit");
    assertThat(before.subcommand().matchedOptionValue("-map", 0)).isEqualTo(5);
    assertThat(before.subcommand().matchedOptionValue("-router", "x")).isEqualTo("");
    var after = FerryMain.commandLine().parseArgs("balance", "submit", "-map", "7", "-router", "rt:8111", "/a", "/b");
    assertThat(after.subcommand().subcommand().matchedOptionValue("--map", 0)).isEqualTo(7);
    assertThat(after.subcommand().subcommand().matchedOptionValue("--router", "")).isEqualTo("rt:8111");
  }

  @Test
  void aDiffWithDifferencesLeavesTheirListInTheWorkingDirectory() throws Exception {
    Path src = tree();
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(dst, Map.of("a/x.txt", "x".getBytes()));
    Path work = tmp.resolve("work");
    FerryProcess.Run r = FerryProcess.runIn(work, "--src", src.toString(), "--dest", dst.toString(), "--diff");
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    List<Path> files;
    try (var s = Files.list(work)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("ferry-diff-")).toList();
    }
    assertThat(files).hasSize(1);
    assertThat(r.err()).contains(files.get(0).toString());
    String text;
    try (var in = new GZIPInputStream(Files.newInputStream(files.get(0)))) {
      text = new String(in.readAllBytes());
    }
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.get("path").asText()).isEqualTo("b/y.txt");
    assertThat(line.get("category").asText()).isEqualTo("DST_MISS");
    assertThat(line.get("size").asLong()).isEqualTo(2);
  }
}
