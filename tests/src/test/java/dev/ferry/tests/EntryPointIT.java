package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.FerryMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkUserAppException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The process entry point as schedulers meet it: in cluster mode a failed job ends the Spark
 * application as failed (YARN records the exit code) and a good one returns without
 * {@code System.exit}; and the help a user reads on a terminal or in a log.
 */
@Timeout(300)
class EntryPointIT {
  @TempDir
  Path tmp;

  @Test
  void inClusterModeAFailedJobThrowsItsExitCodeAndAGoodOneReturns() throws Exception {
    System.setProperty("spark.submit.deployMode", "cluster");
    try {
      assertThatThrownBy(() -> FerryMain.main(new String[] {"--src", tmp.resolve("missing").toString(), "--dest",
          tmp.resolve("d").toString()}))
          .isInstanceOf(SparkUserAppException.class)
          .satisfies(e -> assertThat(((SparkUserAppException) e).exitCode()).isEqualTo(2));
      Trees.writeLocal(tmp.resolve("src"), Map.of("a.txt", "a".getBytes()));
      // returns (a System.exit here would end this test JVM)
      FerryMain.main(new String[] {"--quiet", "--src", tmp.resolve("src").toString(), "--dest",
          tmp.resolve("dst").toString(), "--hadoopConf", "ferry.plan.local.max=10"});
      assertThat(tmp.resolve("dst/a.txt")).hasContent("a");
    } finally {
      System.clearProperty("spark.submit.deployMode");
      org.apache.spark.sql.SparkSession.getActiveSession().foreach(s -> {
        s.stop();
        return null;
      });
    }
  }

  @Test
  void aMistypedFlagIsAnsweredWithTheNearestOne() {
    StringWriter err = new StringWriter();
    CommandLine cl = FerryMain.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("--src", "/a", "--dset", "/b");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--dset'").contains("did you mean --dest?")
        .contains("ferry --help");
    assertThat(err.toString().lines().count()).as("one line: " + err).isEqualTo(1);
  }

  @Test
  void helpIsAtLeastAHundredColumnsWideAndKeepsUrlsWhole() {
    StringWriter out = new StringWriter();
    CommandLine cl = FerryMain.commandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("--help")).isZero();
    String help = out.toString();
    assertThat(help.lines().mapToInt(String::length).max().orElse(0)).isBetween(100, 110);
    assertThat(help).contains("hdfs://nn:8020/reports/r.json");
    assertThat(help).contains("--outputManifest").contains("--snapshotDiff");
  }
}
