package dev.ferry.tests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster of one Master and one Worker in JVMs of their own, started from a
 * distribution's jars, and {@code SparkSubmit} against it, as an operator runs them.
 */
final class Standalone implements AutoCloseable {
  /** A finished spark-submit: its exit code, its output and the driver id it printed (cluster mode). */
  record Submit(int exit, String log, String driverId) {
  }

  private static final Pattern DRIVER_ID = Pattern.compile("driver-\\d{14}-\\d{4}");

  private final Path distribution;
  private final Path sparkHome;
  private final Path work;
  private final String masterUrl;
  private final int webUi;
  private final List<Process> daemons = new ArrayList<>();
  private int submits;

  private Standalone(Path distribution, Path sparkHome, Path work, String masterUrl, int webUi) {
    this.distribution = distribution;
    this.sparkHome = sparkHome;
    this.work = work;
    this.masterUrl = masterUrl;
    this.webUi = webUi;
  }

  static Standalone start(Path distribution, Path sparkHome, Path work) throws Exception {
    int port = freePort();
    int ui = freePort();
    Standalone s = new Standalone(distribution, sparkHome, work, "spark://127.0.0.1:" + port, ui);
    try {
      s.daemons.add(s.java("master", List.of("-Xmx256m"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", String.valueOf(port), "--webui-port", String.valueOf(ui)));
      s.awaitJson("\"status\" : \"ALIVE\"", 120);
      s.daemons.add(s.java("worker", List.of("-Xmx256m"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", "2", "--memory", "2g", "--webui-port", "0", "--work-dir",
          Files.createDirectories(work.resolve("worker")).toString(), s.masterUrl));
      s.awaitJson("\"aliveworkers\" : 1", 120);
      return s;
    } catch (Exception | AssertionError e) {
      s.close();
      throw e;
    }
  }

  /** Runs spark-submit with the distribution's application jar and Ferry's {@code args}. */
  Submit submit(String deployMode, String... args) throws Exception {
    String opens = String.join(" ", opens());
    List<String> cmd = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", deployMode,
        "--class", "dev.ferry.cli.FerryMain", "--name", "ferry-standalone-test",
        "--driver-memory", "768m", "--executor-memory", "512m", "--total-executor-cores", "2",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.standalone.submit.waitAppCompletion=true",
        "--conf", "spark.driver.extraJavaOptions=" + opens,
        "--conf", "spark.executor.extraJavaOptions=" + opens,
        distribution.resolve("lib/ferry-app.jar").toString()));
    cmd.addAll(List.of(args));
    // in client mode the driver is this JVM (spark-submit's script would size it from --driver-memory)
    Process p = java("submit-" + (++submits), List.of("-Xmx768m"), "org.apache.spark.deploy.SparkSubmit",
        cmd.toArray(String[]::new));
    Path log = work.resolve("submit-" + submits + ".log");
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("spark-submit did not end within 300 s: " + Files.readString(log));
    }
    String text = Files.readString(log);
    Matcher m = DRIVER_ID.matcher(text);
    return new Submit(p.exitValue(), text, m.find() ? m.group() : null);
  }

  /** The state the Master recorded for a finished driver (FINISHED, FAILED, KILLED, ERROR). */
  String driverState(String driverId) throws Exception {
    if (driverId == null) throw new AssertionError("spark-submit printed no driver id");
    Pattern state = Pattern.compile("\"id\" : \"" + driverId + "\"[^}]*?\"state\" : \"(\\w+)\"", Pattern.DOTALL);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String json = "";
    while (System.nanoTime() < end) {
      json = masterJson();
      int completed = json.indexOf("\"completeddrivers\"");
      Matcher m = state.matcher(completed < 0 ? "" : json.substring(completed));
      if (m.find()) return m.group(1);
      Thread.sleep(500);
    }
    throw new AssertionError("the Master never listed " + driverId + " as completed: " + json);
  }

  private String masterJson() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUi + "/json/"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private void awaitJson(String expected, int seconds) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String last = "";
    while (System.nanoTime() < end) {
      try {
        last = masterJson();
        if (last.contains(expected)) return;
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("standalone cluster not ready (" + expected + "): " + last);
  }

  private Process java(String name, List<String> jvmArgs, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(opens());
    cmd.add("-cp");
    // the jars in the build's order, as bin/ferry takes them (lib/embedded/* would put the AWS SDK
    // bundle's slf4j 1.7 classes first in some directory orders, and every daemon's log would be lost)
    cmd.add(Files.readString(distribution.resolve("lib/embedded/classpath.txt")).trim()
        .replace("@EMBEDDED@", distribution.resolve("lib/embedded").toString()));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", System.getenv().getOrDefault("SPARK_SCALA_VERSION", "2.12"));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("SPARK_LOG_DIR", work.toString());
    return pb.start();
  }

  /** The test JVM's module openings (surefire's argLine), which Spark on Java 17 needs too. */
  private static List<String> opens() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+Ignore") || a.startsWith("-Djdk.reflect")
            || a.startsWith("-Dcom.sun.xml.bind"))
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
