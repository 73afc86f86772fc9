package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cli.FerryMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line through picocli with captured output: flags, exit codes, report and log. */
@Timeout(300)
class CliIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with();

  @TempDir
  Path tmp;

  Path tree() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("keep/a.csv", "a".getBytes(), "keep/b.tmp", "b".getBytes(),
        "other/c.csv", "c".getBytes()), "empty");
    return src;
  }

  @Test
  void copiesWithReportAndLog() throws Exception {
    Path src = tree();
    Path dst = tmp.resolve("dst");
    Path report = tmp.resolve("reports/r.json");
    Path log = tmp.resolve("log");

    Cli.Run r = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--report", report.toString(),
        "--log", log.toString(), "--quiet");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("FILES_COPIED", "COPY_FAILED");
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("Operation").asText()).isEqualTo("COPY");
    assertThat(json.get("SrcPath").asText()).isEqualTo("file://" + src);
    assertThat(json.get("DestPath").asText()).isEqualTo("file://" + dst);
    assertThat(json.get("JobTime").asText()).contains("~");
    assertThat(json.get("Counter").get("FILES_COPIED").asLong()).isEqualTo(3);
    assertThat(json.get("Counter").get("BYTES_SKIPPED").asLong()).as("zeros are reported").isZero();
    assertThat(dst.resolve("empty")).isDirectory();
    List<String> lines = Cli.logLines(log);
    assertThat(lines).hasSize(3).allMatch(l -> l.contains("\"status\":\"OK\""));
  }

  @Test
  void filtersAndSourcePrefixesNarrowTheCopy() throws Exception {
    Path src = tree();
    Path filters = tmp.resolve("filters.txt");
    Files.writeString(filters, ".*\\.tmp\n\n");
    Path prefixes = tmp.resolve("prefixes.txt");
    Files.writeString(prefixes, src.resolve("keep") + "\n");
    Path dst = tmp.resolve("dst");

    Cli.Run r = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--filters", filters.toString(),
        "--srcPrefixesFile", prefixes.toString(), "--quiet");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Trees.readLocal(dst).keySet()).containsExactlyInAnyOrder("keep/", "keep/a.csv");
  }

  @Test
  void updateReportsSkipsAndExitCodeOneOnFailureUnlessIgnored() throws Exception {
    Path src = tree();
    Path dst = tmp.resolve("dst");
    assertThat(Cli.run("--src", src.toString(), "--dest", dst.toString(), "--quiet").exit()).isZero();
    Cli.Run again = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--update", "--quiet");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).containsPattern("FILES_SKIPPED\\s+3");

    Files.createSymbolicLink(src.resolve("broken"), tmp.resolve("nowhere"));
    Cli.Run failed = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--update", "--quiet");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("broken");
    Cli.Run ignored = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--update", "--ignore", "--quiet");
    assertThat(ignored.exit()).isZero();
    assertThat(ignored.out()).containsPattern("COPY_FAILED\\s+1");
  }

  @Test
  void badInputIsExitTwoWithOneLineAndNothingWritten() throws Exception {
    Path src = tree();
    Path dst = tmp.resolve("never");
    Path badFilters = tmp.resolve("bad-filters.txt");
    Files.writeString(badFilters, "([unclosed\n");
    Map<List<String>, String> cases = Map.of(
        List.of("--src", src.toString(), "--dest", dst.toString(), "--update", "--diff"), "--update",
        List.of("--src", src.toString(), "--dest", src.resolve("inside").toString()), "--dest",
        List.of("--src", tmp.resolve("missing").toString(), "--dest", dst.toString()), "does not exist",
        List.of("--src", "foo://bucket/x", "--dest", dst.toString()), "scheme \"foo\"",
        List.of("--src", src.toString(), "--dest", dst.toString(), "--nope"), "--nope",
        List.of("--src", src.toString(), "--dest", dst.toString(), "--filters", badFilters.toString()), "--filters",
        List.of("--src", src.toString()), "--dest",
        List.of("--src", src.toString(), "--dest", dst.toString(), "--parallelism", "-1"), "--parallelism",
        List.of("--src", src.toString(), "--dest", dst.toString(), "--hadoopConf", "novalue"), "--hadoopConf");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      Cli.Run r = Cli.run(c.getKey().toArray(String[]::new));
      assertThat(r.exit()).as("exit code of %s (%s)", c.getKey(), r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines()).as("one line for %s", c.getKey()).hasSize(1);
      assertThat(r.err()).as("message of %s", c.getKey()).contains(c.getValue());
      assertThat(dst).as("nothing written for %s", c.getKey()).doesNotExist();
      assertThat(src.resolve("inside")).doesNotExist();
    }
  }

  @Test
  void diffExitsZeroForEqualTreesAndOneWithDifferencesLogged() throws Exception {
    Path src = tree();
    Path dst = tmp.resolve("dst");
    assertThat(Cli.run("--src", src.toString(), "--dest", dst.toString(), "--quiet").exit()).isZero();
    Cli.Run same = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--diff", "--quiet");
    assertThat(same.exit()).as(same.err()).isZero();
    assertThat(same.out()).containsPattern("SAME_FILES\\s+3").containsPattern("DIFF_FILES\\s+0");

    Files.writeString(dst.resolve("keep/a.csv"), "z"); // same length, other content
    Files.delete(dst.resolve("other/c.csv"));
    Path log = tmp.resolve("difflog");
    Path report = tmp.resolve("diff.json");
    Cli.Run differ = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--diff", "--quiet", "--log", log.toString(),
        "--report", report.toString());
    assertThat(differ.exit()).isEqualTo(1);
    assertThat(differ.err()).contains("CHECKSUM_DIFF keep/a.csv", "DST_MISS other/c.csv");
    var json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("Operation").asText()).isEqualTo("DIFF");
    assertThat(json.get("Counter").get("DIFF_FILES").asLong()).isEqualTo(2);
    List<String> lines = Cli.logLines(log);
    assertThat(lines).hasSize(2).anyMatch(l -> l.contains("\"category\":\"CHECKSUM_DIFF\"") && l.contains("CRC32C:"));
    assertThat(Files.readString(dst.resolve("keep/a.csv"))).as("diff writes nothing").isEqualTo("z");
  }

  @Test
  void helpListsEveryFlagWithItsDefault() {
    Cli.Run r = Cli.run("--help");
    assertThat(r.exit()).isZero();
    for (String flag : List.of("--src", "--dest", "--update", "--diff", "--parallelism", "--taskThreads",
        "--bandWidth", "--filters", "--srcPrefixesFile", "--disableChecksum", "--ignore", "--hadoopConf",
        "--report", "--log", "--dryRun")) {
      assertThat(r.out()).contains(flag);
    }
    assertThat(r.out()).contains("Default: 0", "Exit codes");
  }

  @Test
  void dryRunPrintsThePlanAndWritesNothing() throws Exception {
    Path src = tree();
    Path dst = tmp.resolve("dst");
    Cli.Run r = Cli.run("--src", src.toString(), "--dest", dst.toString(), "--dryRun");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Dry run", "would copy").containsPattern("would copy\\s+3");
    assertThat(dst).doesNotExist();
  }
}
