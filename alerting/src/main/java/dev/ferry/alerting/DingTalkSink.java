package dev.ferry.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DingTalk group robot: a text message holding the alarm content, signed with the robot's
 * secret (HmacSHA256 of "timestamp\nsecret", as DingTalk's signing mode asks) when one is set.
 */
public final class DingTalkSink implements AlarmSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI uri;
  private final String secret;
  private final HttpPoster poster;

  DingTalkSink(URI uri, String secret, RetryPolicy policy, Redactor redactor) {
    this.uri = uri;
    this.secret = secret;
    this.poster = new HttpPoster(policy, redactor);
  }

  @Override
  public String name() {
    return "dingtalk";
  }

  static String sign(long timestamp, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return URLEncoder.encode(Base64.getEncoder().encodeToString(sig), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int send(AlarmContent alarm) throws AlarmException {
    URI target = uri;
    if (secret != null && !secret.isEmpty()) {
      long ts = System.currentTimeMillis();
      String u = uri.toString();
      target = URI.create(u + (u.contains("?") ? "&" : "?") + "timestamp=" + ts + "&sign=" + sign(ts, secret));
    }
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("msgtype", "text",
          "text", Map.of("content", "Ferry " + alarm.operation().toLowerCase() + " alarm\n" + alarm.json())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return poster.post(target, "application/json", body, DingTalkSink::rejection);
  }

  static String rejection(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n.has("errcode") && n.get("errcode").asInt() != 0) {
        return "errcode " + n.get("errcode").asInt() + " " + n.path("errmsg").asText();
      }
      return null;
    } catch (java.io.IOException e) {
      return "unreadable answer " + HttpPoster.snippet(body);
    }
  }
}
