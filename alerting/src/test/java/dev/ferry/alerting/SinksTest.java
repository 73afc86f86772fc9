package dev.ferry.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every sink against a real HTTP server on 127.0.0.1. */
@Timeout(60)
class SinksTest {
  static final String SECRET = "test-secret-Zq81";
  static final String TOKEN = "test-token-Pw55";
  static final String AK = "LTAI-test-ak";
  static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(20));

  FakeCms cms;
  AlarmContent alarm;

  @BeforeEach
  void start() throws Exception {
    cms = new FakeCms(SECRET);
    Map<String, Object> counters = new LinkedHashMap<>();
    counters.put("COPY_FAILED", 2L);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Operation", "COPY");
    fields.put("JobTime", "2026-11-21 10:00:00~2026-11-21 10:00:05");
    fields.put("SrcPath", "hdfs://nn:8020/data/t");
    fields.put("DestPath", "oss://bucket/t");
    fields.put("Counter", counters);
    alarm = new AlarmContent(fields, "{\"Operation\":\"COPY\",\"Counter\":{\"COPY_FAILED\":2}}");
  }

  @AfterEach
  void stop() {
    cms.close();
  }

  Map<String, String> env(boolean withKeys) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("cmsToken", TOKEN);
    env.put("cmsLevel", "critical");
    env.put("cmsRegion", "cn-hangzhou");
    env.put("cmsNotifyUrl", cms.baseUrl() + "/event/notify");
    env.put("cmsEndpoint", cms.baseUrl());
    if (withKeys) {
      env.put("cmsAccessKeyId", AK);
      env.put("cmsAccessSecret", SECRET);
    }
    return env;
  }

  List<AlarmSink> sinks(Map<String, String> env, List<String> hooks, String dingTalk) {
    return new AlertSettings(true, env, null, null, hooks, dingTalk).withRetryPolicy(FAST).sinks();
  }

  @Test
  void notifySinkPostsTheContentWithTokenAndLevel() throws Exception {
    List<AlarmSink> s = sinks(env(false), List.of(), null);
    assertThat(s).extracting(AlarmSink::name).containsExactly("cms-notify");

    assertThat(s.get(0).send(alarm)).isEqualTo(1);

    FakeCms.Call call = cms.notifyCalls().get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/event/notify");
    assertThat(call.params()).containsEntry("token", TOKEN).containsEntry("level", "CRITICAL");
    assertThat(call.body()).isEqualTo(alarm.json());
  }

  @Test
  void eventSinkSendsASignedPutCustomEvent() throws Exception {
    List<AlarmSink> s = sinks(env(true), List.of(), null);
    assertThat(s).extracting(AlarmSink::name).containsExactly("cms-notify", "cms-event");

    assertThat(s.get(1).send(alarm)).isEqualTo(1);

    FakeCms.Call call = cms.apiCalls().get(0);
    assertThat(call.signatureError()).as("the SDK's HMAC-SHA1 signature verifies with the secret").isNull();
    assertThat(call.params()).containsEntry("Action", "PutCustomEvent").containsEntry("AccessKeyId", AK)
        .containsEntry("EventInfo.1.Content", alarm.json()).containsEntry("EventInfo.1.EventName", "ferry_copy_alarm");
  }

  @Test
  void eventSinkChecksTheAnswersCodeAndRedactsTheSdkMessage() throws Exception {
    cms.apiCode("403");
    AlarmSink event = sinks(env(true), List.of(), null).get(1);
    assertThatThrownBy(() -> event.send(alarm)).isInstanceOf(AlarmException.class)
        .hasMessageContaining("Code 403").hasMessageContaining("not retried");

    try (FakeCms wrongSecret = new FakeCms("another-secret")) {
      Map<String, String> env = env(true);
      env.put("cmsEndpoint", wrongSecret.baseUrl());
      AlarmSink bad = sinks(env, List.of(), null).get(1);
      assertThatThrownBy(() -> bad.send(alarm)).isInstanceOf(AlarmException.class)
          .satisfies(e -> assertThat(e.getMessage()).contains("SignatureDoesNotMatch")
              .doesNotContain(SECRET).doesNotContain(AK).doesNotContainPattern("Signature=[^*]"));
      assertThat(wrongSecret.apiCalls()).as("a rejected signature is not retried").hasSize(1);
    }
  }

  @Test
  void retriesServerErrorsButNotClientErrors() throws Exception {
    AlarmSink notify = sinks(env(false), List.of(), null).get(0);
    cms.failNext(503, 503);
    assertThat(notify.send(alarm)).as("503 twice, then 200").isEqualTo(3);

    cms.failNext(429);
    assertThat(notify.send(alarm)).isEqualTo(2);

    cms.failNext(400);
    assertThatThrownBy(() -> notify.send(alarm)).isInstanceOf(AlarmException.class)
        .hasMessageContaining("HTTP 400").satisfies(e -> assertThat(((AlarmException) e).attempts()).isEqualTo(1));
    assertThat(cms.notifyCalls()).hasSize(3 + 2 + 1);

    cms.failNext(503, 503, 503, 503, 503);
    assertThatThrownBy(() -> notify.send(alarm)).isInstanceOf(AlarmException.class).hasMessageContaining("gave up")
        .satisfies(e -> assertThat(((AlarmException) e).attempts()).isEqualTo(FAST.maxAttempts()));
  }

  @Test
  void aServerThatIsDownFailsWithinTheAttemptsAndLeaksNoToken() throws Exception {
    AlarmSink notify = sinks(env(false), List.of(), null).get(0);
    cms.close();
    assertThatThrownBy(() -> notify.send(alarm)).isInstanceOf(AlarmException.class)
        .satisfies(e -> {
          assertThat(((AlarmException) e).attempts()).isEqualTo(FAST.maxAttempts());
          assertThat(e.getMessage()).doesNotContain(TOKEN);
        });
  }

  @Test
  void webhookAndSignedDingTalk() throws Exception {
    Map<String, String> env = env(false);
    env.put("alertDingTalkSecret", "SECdingtalk123");
    List<AlarmSink> s = sinks(env, List.of(cms.baseUrl() + "/hook/x"), cms.baseUrl() + "/dingtalk/send?access_token=abc");
    assertThat(s).extracting(AlarmSink::name).containsExactly("cms-notify", "webhook http://" + cms.baseUrl().substring(7), "dingtalk");
    s.get(1).send(alarm);
    s.get(2).send(alarm);
    FakeCms.Call hook = cms.notifyCalls().get(0);
    assertThat(hook.body()).isEqualTo(alarm.json());
    FakeCms.Call ding = cms.notifyCalls().get(1);
    long ts = Long.parseLong(ding.params().get("timestamp"));
    assertThat(java.net.URLDecoder.decode(DingTalkSink.sign(ts, "SECdingtalk123"), java.nio.charset.StandardCharsets.UTF_8))
        .as("the robot's HmacSHA256 signature").isEqualTo(ding.params().get("sign"));
    assertThat(ding.body()).contains("\"msgtype\":\"text\"").contains("COPY_FAILED");
    assertThat(DingTalkSink.rejection("{\"errcode\":310000,\"errmsg\":\"sign not match\"}")).contains("310000");
  }

  @Test
  void settingsAreCheckedUpFront() {
    Map<String, String> env = env(false);
    env.remove("cmsToken");
    assertThatThrownBy(() -> sinks(env, List.of(), null)).hasMessageContaining("cmsToken is not set");
    Map<String, String> level = env(false);
    level.put("cmsLevel", "LOUD");
    assertThatThrownBy(() -> sinks(level, List.of(), null)).hasMessageContaining("cmsLevel=LOUD");
    Map<String, String> half = env(false);
    half.put("cmsAccessKeyId", AK);
    assertThatThrownBy(() -> sinks(half, List.of(), null)).hasMessageContaining("cmsAccessSecret is not set");
    Map<String, String> noRegion = env(false);
    noRegion.remove("cmsRegion");
    noRegion.remove("cmsNotifyUrl");
    assertThatThrownBy(() -> sinks(noRegion, List.of(), null)).hasMessageContaining("cmsRegion is not set");
    assertThatThrownBy(() -> sinks(env(false), List.of("ftp://x"), null)).hasMessageContaining("--alertWebhook");
    Map<String, String> defaults = env(false);
    defaults.remove("cmsNotifyUrl");
    assertThat(CmsNotifySink.defaultAddress("cn-hangzhou").toString())
        .isEqualTo("https://metrichub-cms-cn-hangzhou.aliyuncs.com/event/notify");
    assertThat(sinks(defaults, List.of(), null)).hasSize(1);
  }

  @Test
  void redactorRemovesSecretsAndSignedUrlParts() {
    Redactor r = new Redactor(SECRET, TOKEN);
    String msg = "GET http://cms/?AccessKeyId=LTAI5x&Signature=abc%3D&Action=PutCustomEvent token=" + TOKEN + " key " + SECRET;
    String out = r.redact(msg);
    assertThat(out).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("LTAI5x").doesNotContain("abc%3D")
        .contains("Action=PutCustomEvent");
  }
}
