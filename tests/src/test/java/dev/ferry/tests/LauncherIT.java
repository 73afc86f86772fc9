package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** bin/ferry as an operator runs it: versions, and profiling with a flight recording. */
@Timeout(600)
class LauncherIT {
  @TempDir
  Path tmp;

  @Test
  void versionNamesFerrySparkHadoopAndJava() throws Exception {
    FerryProcess.Run r = FerryProcess.run(tmp, "--version");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("Ferry \\S+").contains("Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()).contains("Hadoop " + org.apache.hadoop.util.VersionInfo.getVersion())
        .contains("Java " + System.getProperty("java.specification.version"));
  }

  @Test
  void aFlightRecordingRunsWithoutTheSharedArchive() throws Exception {
    Path jfr = tmp.resolve("ferry.jfr");
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("a.txt", "a".getBytes()));
    // first a plain run, so that the class-data sharing archive exists when the recording starts
    assertThat(FerryProcess.run(tmp, "--quiet", "--src", src.toString(), "--dest", tmp.resolve("d1").toString()).exit())
        .isZero();
    FerryProcess.Run r = FerryProcess.start(tmp, Map.of("FERRY_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + jfr),
        "--quiet", "--src", src.toString(), "--dest", tmp.resolve("d2").toString()).await(300);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("SIGSEGV");
    assertThat(jfr).isRegularFile();
    assertThat(Files.size(jfr)).isPositive();
    assertThat(tmp.resolve("d2/a.txt")).hasContent("a");
  }
}
