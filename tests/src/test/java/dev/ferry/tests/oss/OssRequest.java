package dev.ferry.tests.oss;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One decoded OSS request: which bucket and key it addresses, its query parameters and
 * headers, and its fully read body.
 */
final class OssRequest {

  final String method;
  final String bucket;
  /** Object key, or {@code null} for a bucket-level request. */
  final String key;
  /**
   * Decoded query parameters in arrival order. A parameter sent without '=' (e.g.
   * {@code ?uploads}) maps to {@code null}; the signature treats "k" and "k=" differently.
   */
  final Map<String, String> params;
  final Headers headers;
  final byte[] body;

  private OssRequest(String method, String bucket, String key, Map<String, String> params,
      Headers headers, byte[] body) {
    this.method = method;
    this.bucket = bucket;
    this.key = key;
    this.params = Collections.unmodifiableMap(params);
    this.headers = headers;
    this.body = body;
  }

  /**
   * Reads the request. Both addressing styles are understood: path style
   * ({@code /bucket/key}, which the SDK uses for IP and localhost endpoints) and
   * virtual-host style ({@code Host: bucket.endpoint}, which it uses for domain names).
   */
  static OssRequest read(HttpExchange exchange, Set<String> knownBuckets) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    String hostBucket = bucketFromHost(host(exchange), knownBuckets);

    String bucket;
    String rawKey;
    if (hostBucket != null) {
      bucket = hostBucket;
      rawKey = path.substring(1);
    } else {
      int slash = path.indexOf('/', 1);
      bucket = decode(slash < 0 ? path.substring(1) : path.substring(1, slash));
      rawKey = slash < 0 ? "" : path.substring(slash + 1);
    }
    String key = rawKey.isEmpty() ? null : decode(rawKey);
    return new OssRequest(exchange.getRequestMethod(), bucket.isEmpty() ? null : bucket, key,
        parseQuery(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(),
        readAll(exchange.getRequestBody()));
  }

  /**
   * The host the client addressed. A request sent through a proxy carries an absolute URI,
   * whose authority wins over the Host header (RFC 9112, section 3.2.2).
   */
  private static String host(HttpExchange exchange) {
    String uriHost = exchange.getRequestURI().getHost();
    return uriHost != null ? uriHost : exchange.getRequestHeaders().getFirst("Host");
  }

  private static String bucketFromHost(String host, Set<String> knownBuckets) {
    if (host == null) {
      return null;
    }
    int dot = host.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    String candidate = host.substring(0, dot);
    // "127.0.0.1" starts with "127", which is never a valid bucket name we created.
    return knownBuckets.contains(candidate) ? candidate : null;
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? null : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  /**
   * Percent-decodes one URL component. The SDK encodes spaces as %20 and a literal '+'
   * as %2B, so a bare '+' must stay a '+' (URLDecoder alone would turn it into a space).
   */
  static String decode(String component) {
    try {
      return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A client error, not a server one: a 500 would make the SDK retry.
      throw OssError.invalidArgument("Malformed percent-encoding in '" + component + "'.");
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** First value of a header (case-insensitive), or null. */
  String header(String name) {
    return headers.getFirst(name);
  }

  boolean has(String param) {
    return params.containsKey(param);
  }

  String param(String name) {
    return params.get(name);
  }

  /** The {@code x-oss-meta-*} headers, names lower-cased and without the prefix. */
  Map<String, String> userMetadata() {
    Map<String, String> meta = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      String name = h.getKey().toLowerCase();
      if (name.startsWith("x-oss-meta-") && !h.getValue().isEmpty()) {
        meta.put(name.substring("x-oss-meta-".length()), h.getValue().get(0));
      }
    }
    return meta;
  }

  /** "/bucket/key" for messages. */
  String resource() {
    return "/" + (bucket == null ? "" : bucket + "/") + (key == null ? "" : key);
  }
}
