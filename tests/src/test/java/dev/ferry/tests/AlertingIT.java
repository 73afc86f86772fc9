package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.alerting.FakeCms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --enableCMS} end to end: bin/ferry in its own process with JindoDistCp's environment
 * variables, against a stand-in Cloud Monitor on 127.0.0.1 that checks token, level, body and the
 * SDK's request signature. Every line and file the job wrote is scanned for the secrets.
 */
@Timeout(600)
class AlertingIT {
  static final Path REPO = FerryProcess.REPO;
  static final String SECRET = "it-secret-7fGh2";
  static final String TOKEN = "it-token-Kq9x";
  static final String DING_SECRET = "SECit-ding-33";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  FakeCms cms;
  final List<String> everythingPrinted = new ArrayList<>();

  record Run(int exit, String output) {
  }

  @BeforeEach
  void start() throws Exception {
    cms = new FakeCms(SECRET);
  }

  @AfterEach
  void stop() throws Exception {
    cms.close();
    assertNoSecretIn(String.join("\n", everythingPrinted), "the output of every run");
    try (Stream<Path> files = Files.walk(tmp)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f) && Files.size(f) < 10_000_000) {
          assertNoSecretIn(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1), f.toString());
        }
      }
    }
  }

  static void assertNoSecretIn(String text, String where) {
    assertThat(text).as("no secret in " + where).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(DING_SECRET);
  }

  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("cmsAccessKeyId", "LTAI-it");
    env.put("cmsAccessSecret", SECRET);
    env.put("cmsRegion", "cn-hangzhou");
    env.put("cmsToken", TOKEN);
    env.put("cmsLevel", "INFO");
    env.put("cmsNotifyUrl", cms.baseUrl() + "/event/notify");
    env.put("cmsEndpoint", cms.baseUrl());
    env.put("alertDingTalkSecret", DING_SECRET);
    return env;
  }

  Run ferry(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(REPO.resolve("bin/ferry").toString());
    cmd.addAll(List.of(args));
    cmd.add("--quiet");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env());
    Path out = Files.createTempFile(tmp, "run", ".out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(out);
    Files.delete(out);
    everythingPrinted.add(output);
    return new Run(p.exitValue(), output);
  }

  Path treeWithAnUnreadableFile() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("a/ok.csv", "ok".getBytes(), "b.csv", "b".getBytes()));
    Files.createSymbolicLink(src.resolve("a/broken.csv"), tmp.resolve("missing"));
    return src;
  }

  @Test
  void copyWithAFailedFileSendsExactlyOneAlarmToEachSink() throws Exception {
    Path src = treeWithAnUnreadableFile();
    Path report = tmp.resolve("r.json");

    Run r = ferry("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--enableCMS",
        "--report", report.toString(), "--log", tmp.resolve("log").toString(),
        "--alertWebhook", cms.baseUrl() + "/hook/team", "--alertDingTalk", cms.baseUrl() + "/dingtalk/send?access_token=robot");

    assertThat(r.exit()).as(r.output()).isEqualTo(1);
    JsonNode reported = JSON.readTree(report.toFile());
    assertThat(reported.get("Counter").get("COPY_FAILED").asLong()).isEqualTo(1);
    List<FakeCms.Call> notify = cms.notifyCalls().stream().filter(c -> c.path().equals("/event/notify")).toList();
    assertThat(notify).as("one alarm to the external-alarm address").hasSize(1);
    assertThat(notify.get(0).method()).isEqualTo("POST");
    assertThat(notify.get(0).params()).containsEntry("token", TOKEN).containsEntry("level", "INFO");
    assertThat(JSON.readTree(notify.get(0).body())).as("the alarm body is the report").isEqualTo(reported);
    assertThat(reported.get("JobTime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d~\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

    assertThat(cms.apiCalls()).as("one CMS event").hasSize(1);
    assertThat(cms.apiCalls().get(0).signatureError()).isNull();
    assertThat(JSON.readTree(cms.apiCalls().get(0).params().get("EventInfo.1.Content"))).isEqualTo(reported);
    assertThat(cms.notifyCalls().stream().filter(c -> c.path().startsWith("/hook"))).hasSize(1);
    assertThat(cms.notifyCalls().stream().filter(c -> c.path().startsWith("/dingtalk"))).hasSize(1);

    JsonNode deliveries = JSON.readTree(tmp.resolve("r.json.alarms.json").toFile());
    assertThat(deliveries).hasSize(4).allMatch(d -> d.get("delivered").asBoolean());
  }

  @Test
  void aCleanRunSendsNothing() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("x", "1".getBytes()));
    Run r = ferry("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--enableCMS");
    assertThat(r.exit()).as(r.output()).isZero();
    Run same = ferry("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--diff", "--enableCMS");
    assertThat(same.exit()).as(same.output()).isZero();
    assertThat(cms.notifyCalls()).isEmpty();
    assertThat(cms.apiCalls()).isEmpty();
  }

  @Test
  void updateAndDiffAlarmWithTheirOwnCounters() throws Exception {
    Path src = treeWithAnUnreadableFile();
    Run update = ferry("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--update", "--enableCMS");
    assertThat(update.exit()).as(update.output()).isEqualTo(1);
    assertThat(cms.notifyCalls()).hasSize(1);
    assertThat(JSON.readTree(cms.notifyCalls().get(0).body()).get("Operation").asText()).isEqualTo("UPDATE");

    Files.delete(src.resolve("a/broken.csv"));
    Files.writeString(tmp.resolve("dst/b.csv"), "X"); // same length, other content
    Run diff = ferry("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--diff", "--enableCMS");
    assertThat(diff.exit()).as(diff.output()).isEqualTo(1);
    assertThat(cms.notifyCalls()).hasSize(2);
    JsonNode body = JSON.readTree(cms.notifyCalls().get(1).body());
    assertThat(body.get("Operation").asText()).isEqualTo("DIFF");
    assertThat(body.get("Counter").get("DIFF_FILES").asLong()).isEqualTo(1);
    assertThat(body.get("Counter").get("CHECKSUM_DIFF").asLong()).isEqualTo(1);
    assertThat(body.get("Counter").has("COPY_FAILED")).as("a diff alarm carries the diff counters").isFalse();
  }

  @Test
  void transientServerErrorsAreRetriedAndADownServerChangesNothing() throws Exception {
    Path src = treeWithAnUnreadableFile();
    cms.failNext(503, 503);
    Path report1 = tmp.resolve("r1.json");
    Run retried = ferry("--src", src.toString(), "--dest", tmp.resolve("d1").toString(), "--enableCMS",
        "--report", report1.toString());
    assertThat(retried.exit()).isEqualTo(1);
    // the sinks run at once and share the two scripted 503s: each is retried until its 200
    assertThat(cms.notifyCalls().size() + cms.apiCalls().size()).as("two 503s, then a 200 for each sink").isEqualTo(4);
    assertThat(JSON.readTree(tmp.resolve("r1.json.alarms.json").toFile()))
        .allMatch(d -> d.get("delivered").asBoolean());

    cms.close();
    Path report2 = tmp.resolve("r2.json");
    Run down = ferry("--src", src.toString(), "--dest", tmp.resolve("d2").toString(), "--enableCMS",
        "--report", report2.toString());
    assertThat(down.exit()).as("the job's exit code is its own").isEqualTo(1);
    JsonNode r1 = JSON.readTree(report1.toFile());
    JsonNode r2 = JSON.readTree(report2.toFile());
    assertThat(r2.get("Counter")).as("the report is unchanged by a failed alarm").isEqualTo(r1.get("Counter"));
    assertThat(r2.has("Alarm")).isFalse();
    assertThat(down.output()).contains("alarm cms-notify: NOT delivered");
    assertThat(JSON.readTree(tmp.resolve("r2.json.alarms.json").toFile()))
        .noneMatch(d -> d.get("delivered").asBoolean());
  }

  @Test
  void sinksThatNeverAnswerAreGivenUpTogetherAtTheDeadline() throws Exception {
    Path src = treeWithAnUnreadableFile();
    try (java.net.ServerSocket hole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      // accepts connections and never answers
      Thread acceptor = new Thread(() -> {
        List<java.net.Socket> held = new ArrayList<>();
        try {
          while (true) held.add(hole.accept());
        } catch (java.io.IOException closed) {
          held.forEach(s -> {
            try {
              s.close();
            } catch (java.io.IOException ignored) {
              // closing
            }
          });
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      String url = "http://127.0.0.1:" + hole.getLocalPort() + "/hook/";
      Path report = tmp.resolve("r.json");
      long t0 = System.nanoTime();
      Run r = ferry("--src", src.toString(), "--dest", tmp.resolve("dst").toString(), "--report", report.toString(),
          "--alertTimeout", "8", "--alertWebhook", url + "1", "--alertWebhook", url + "2", "--alertWebhook", url + "3",
          "--alertWebhook", url + "4");
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertThat(r.exit()).as("the job's own exit code").isEqualTo(1);
      JsonNode deliveries = JSON.readTree(tmp.resolve("r.json.alarms.json").toFile());
      assertThat(deliveries).hasSize(4).noneMatch(d -> d.get("delivered").asBoolean());
      // one after another they would take 4 x 8 s; together they take the deadline once
      assertThat(seconds).as("the four silent sinks were waited for at once").isLessThan(30);
    }
  }

  @Test
  void missingTokenOrBadLevelIsExitTwoBeforeAnyCopy() throws Exception {
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, Map.of("x", "1".getBytes()));
    List<String> cmd = List.of(REPO.resolve("bin/ferry").toString(), "--src", src.toString(), "--dest",
        tmp.resolve("never").toString(), "--enableCMS");
    for (Map.Entry<String, String> bad : Map.of("cmsLevel", "LOUD", "cmsToken", "").entrySet()) {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env());
      pb.environment().put(bad.getKey(), bad.getValue());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      everythingPrinted.add(out);
      assertThat(p.exitValue()).as(out).isEqualTo(2);
      assertThat(out).contains(bad.getKey());
      assertThat(tmp.resolve("never")).doesNotExist();
    }
  }
}
