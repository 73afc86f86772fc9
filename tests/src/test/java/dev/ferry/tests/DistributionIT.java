package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary distribution as a user installs it: unpacked anywhere, run without Maven, without a
 * Maven repository and without the source checkout.
 */
@Timeout(900)
class DistributionIT {
  @TempDir
  static Path installRoot;

  static Path home;
  static Path ferry;
  static Map<String, String> env;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball;
    try (Stream<Path> s = Files.list(FerryProcess.REPO.resolve("dist/target"))) {
      List<Path> found = s.filter(p -> p.getFileName().toString().matches("ferry-.+-bin\\.tar\\.gz")).toList();
      assertThat(found).as("mvn package makes exactly one ferry-<version>-bin.tar.gz").hasSize(1);
      tarball = found.get(0);
    }
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", installRoot.toString())
        .redirectErrorStream(true).start();
    assertThat(tar.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes())).isZero();
    try (Stream<Path> s = Files.list(installRoot)) {
      List<Path> top = s.toList();
      assertThat(top).as("one top folder").hasSize(1);
      String version = tarball.getFileName().toString().replaceAll("-bin\\.tar\\.gz$", "");
      assertThat(top.get(0).getFileName().toString()).isEqualTo(version);
      ferry = top.get(0).resolve("bin/ferry");
    }
    // a user with an empty home (no ~/.m2) and a PATH whose mvn fails: the distribution must need neither
    home = Files.createDirectories(installRoot.resolve("home"));
    Path fakeBin = Files.createDirectories(installRoot.resolve("fake-bin"));
    Path mvn = fakeBin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho 'mvn must not be called by an installed Ferry' >&2\nexit 97\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("PATH", fakeBin + ":" + System.getenv("PATH"));
    env.put("FERRY_JAVA_OPTS", "-Dspark.master=local[2]");
  }

  @Test
  void theTarballHoldsTheLauncherTheJarsTheConfigurationTheExamplesAndTheNotices() {
    Path top = ferry.getParent().getParent();
    assertThat(ferry).isExecutable();
    assertThat(top.resolve("lib/ferry-app.jar")).isRegularFile();
    assertThat(top.resolve("lib/embedded")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("spark-core_"))
        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("hadoop-aws-"))
        .isDirectoryContaining(p -> p.getFileName().toString().startsWith("hadoop-aliyun-"));
    assertThat(top.resolve("conf/log4j2.properties")).isRegularFile();
    assertThat(top.resolve("examples/sample-data/hourly_table")).isDirectory();
    assertThat(top.resolve("README.md")).isRegularFile();
    assertThat(top.resolve("licenses/THIRD-PARTY.txt")).isRegularFile().content()
        .contains("org.apache.spark:spark-core_").contains("org.apache.hadoop:hadoop-aws:").contains("info.picocli:picocli:");
  }

  @Test
  void anInstalledFerryCopiesWithoutMavenOrTheCheckout() throws Exception {
    Path work = Files.createDirectories(installRoot.resolve("work"));
    Path dest = work.resolve("copy");
    FerryProcess.Run r = FerryProcess.start(ferry, work, env, "--src",
        ferry.getParent().getParent().resolve("examples/sample-data/hourly_table").toString(), "--dest", dest.toString())
        .await(600);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).doesNotContain("mvn must not be called").doesNotContain("ClassNotFound")
        .as("logging is bound (slf4j 2 before the AWS SDK bundle's slf4j 1.7 classes)").doesNotContain("SLF4J: ");
    Trees.assertSameTree(Trees.readLocal(dest),
        Trees.readLocal(FerryProcess.REPO.resolve("examples/sample-data/hourly_table")));
    // the start-up archive goes to the user's cache, not into the (possibly shared, read-only) install folder
    try (Stream<Path> s = Files.walk(ferry.getParent().getParent())) {
      assertThat(s.filter(p -> p.toString().endsWith(".jsa"))).isEmpty();
    }
    try (Stream<Path> s = Files.list(home.resolve(".cache/ferry"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".jsa"))).hasSize(1);
    }
  }

  /**
   * The application jar of the distribution under Spark's own {@code SparkSubmit}, against a
   * standalone Master and Worker (separate JVMs, started from the distribution's jars as a Spark
   * installation would): client mode hands Ferry's exit code to the caller; cluster mode runs the
   * driver on the Worker, where a failed job ends the driver FAILED and a good one FINISHED.
   */
  @Test
  void sparkSubmitClientAndClusterModeOnAStandaloneCluster() throws Exception {
    Path top = ferry.getParent().getParent();
    Path work = Files.createDirectories(installRoot.resolve("standalone"));
    Path sparkHome = Files.createDirectories(work.resolve("spark-home"));
    Files.createSymbolicLink(sparkHome.resolve("jars"), top.resolve("lib/embedded"));
    Path sample = top.resolve("examples/sample-data/hourly_table");
    try (Standalone cluster = Standalone.start(top, sparkHome, work)) {
      // client mode: the exit code is Ferry's
      Path d1 = work.resolve("client-copy");
      Path r1 = work.resolve("client-report.json");
      Standalone.Submit ok = cluster.submit("client", "--src", sample.toString(), "--dest", d1.toString(),
          "--report", r1.toString(), "--quiet");
      assertThat(ok.exit()).as(ok.log()).isZero();
      Trees.assertSameTree(Trees.readLocal(d1), Trees.readLocal(sample));
      assertThat(r1).content().contains("\"FILES_COPIED\"");
      Standalone.Submit bad = cluster.submit("client", "--src", work.resolve("missing").toString(), "--dest",
          work.resolve("nowhere").toString());
      assertThat(bad.exit()).as(bad.log()).isEqualTo(2);
      assertThat(bad.log()).contains("--src");

      // cluster mode: the driver runs on the Worker; the Master records how it ended
      Path d2 = work.resolve("cluster-copy");
      Path r2 = work.resolve("cluster-report.json");
      Standalone.Submit good = cluster.submit("cluster", "--src", sample.toString(), "--dest", d2.toString(),
          "--report", "file://" + r2);
      assertThat(good.exit()).as(good.log()).isZero();
      assertThat(good.driverId()).as("the driver id spark-submit printed: " + good.log()).isNotNull();
      assertThat(cluster.driverState(good.driverId())).as(good.log()).isEqualTo("FINISHED");
      Trees.assertSameTree(Trees.readLocal(d2), Trees.readLocal(sample));
      assertThat(r2).content().contains("\"FILES_COPIED\"");
      Standalone.Submit failed = cluster.submit("cluster", "--src", work.resolve("missing").toString(), "--dest",
          work.resolve("nowhere2").toString());
      assertThat(cluster.driverState(failed.driverId())).as(failed.log()).isEqualTo("FAILED");
      assertThat(work.resolve("nowhere2")).doesNotExist();
    }
  }

  @Test
  void anInstalledFerryNamesItsVersions() throws Exception {
    FerryProcess.Run r = FerryProcess.start(ferry, installRoot.resolve("v"), env, "--version").await(300);
    assertThat(r.exit()).as(r.err()).isZero();
    String version = ferry.getParent().getParent().getFileName().toString().substring("ferry-".length());
    assertThat(r.out()).contains("Ferry " + version).contains("Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()).contains("Hadoop " + org.apache.hadoop.util.VersionInfo.getVersion());
  }
}
