package dev.ferry.alerting;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server on 127.0.0.1 standing in for Alibaba Cloud Monitor: the external-alarm
 * address ({@code /event/notify}) and the CMS API ({@code /}), which checks each request's RPC
 * signature (HMAC-SHA1 over the sorted, percent-encoded parameters) with the access key secret.
 * Answers can be scripted: a queue of HTTP statuses to return before succeeding.
 */
public final class FakeCms implements AutoCloseable {
  /** One request the server received. */
  public record Call(String method, String path, Map<String, String> params, String body, String signatureError) {
  }

  private final HttpServer server;
  private final String accessSecret;
  private final List<Call> notifyCalls = Collections.synchronizedList(new ArrayList<>());
  private final List<Call> apiCalls = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
  private volatile String apiCode = "200";

  public FakeCms(String accessSecret) throws IOException {
    this.accessSecret = accessSecret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/event/notify", this::notifyCall);
    server.createContext("/dingtalk", this::notifyCall);
    server.createContext("/hook", this::notifyCall);
    server.createContext("/", this::apiCall);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next answers of every endpoint, before the normal 200. */
  public void failNext(int... statuses) {
    for (int s : statuses) scriptedStatuses.add(s);
  }

  /** The Code the CMS API puts in its JSON answer (with HTTP 200). */
  public void apiCode(String code) {
    this.apiCode = code;
  }

  public List<Call> notifyCalls() {
    return List.copyOf(notifyCalls);
  }

  public List<Call> apiCalls() {
    return List.copyOf(apiCalls);
  }

  private void notifyCall(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    notifyCalls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), parse(ex.getRequestURI().getRawQuery()),
        body, null));
    Integer scripted = scriptedStatuses.poll();
    if (scripted != null) {
      answer(ex, scripted, "{\"error\":\"scripted\"}");
    } else {
      answer(ex, 200, ex.getRequestURI().getPath().startsWith("/dingtalk") ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"code\":200}");
    }
  }

  private void apiCall(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> params = new TreeMap<>(parse(ex.getRequestURI().getRawQuery()));
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.contains("x-www-form-urlencoded")) params.putAll(parse(body));
    String error = signatureError(ex.getRequestMethod(), params);
    apiCalls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), params, body, error));
    Integer scripted = scriptedStatuses.poll();
    if (scripted != null) {
      answer(ex, scripted, "{\"Code\":\"ServiceUnavailable\",\"Message\":\"scripted\",\"RequestId\":\"r\"}");
    } else if (error != null) {
      answer(ex, 400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"" + error + "\",\"RequestId\":\"r\"}");
    } else {
      answer(ex, 200, "{\"Code\":\"" + apiCode + "\",\"Message\":\"\",\"RequestId\":\"r-1\",\"Success\":true}");
    }
  }

  /** Null when the request carries a valid Alibaba Cloud RPC signature for the test's secret. */
  String signatureError(String method, Map<String, String> params) {
    String given = params.get("Signature");
    if (given == null) return "no Signature parameter";
    StringBuilder canonical = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
      if (e.getKey().equals("Signature")) continue;
      if (canonical.length() > 0) canonical.append('&');
      canonical.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    String toSign = method + "&" + encode("/") + "&" + encode(canonical.toString());
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((accessSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      String expected = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
      return expected.equals(given) ? null : "signature does not match";
    } catch (java.security.GeneralSecurityException e) {
      return e.toString();
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  static Map<String, String> parse(String raw) {
    Map<String, String> m = new TreeMap<>();
    if (raw == null || raw.isEmpty()) return m;
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      String v = eq < 0 ? "" : kv.substring(eq + 1);
      m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return m;
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
