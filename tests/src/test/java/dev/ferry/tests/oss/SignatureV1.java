package dev.ferry.tests.oss;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OSS header signature, version 1: {@code Authorization: OSS <AccessKeyId>:<Signature>}
 * where Signature = Base64(HMAC-SHA1(secret, StringToSign)) and
 *
 * <pre>
 * StringToSign = VERB + "\n" + Content-MD5 + "\n" + Content-Type + "\n" + Date + "\n"
 *              + CanonicalizedOSSHeaders + CanonicalizedResource
 * </pre>
 *
 * This is the default of aliyun-sdk-oss 3.13.0 ({@code ClientConfiguration
 * .DEFAULT_SIGNATURE_VERSION = V1}) and hadoop-aliyun never changes it.
 */
final class SignatureV1 {

  static final String SCHEME = "OSS ";

  /**
   * Query parameters that are sub-resources and therefore part of the canonicalized
   * resource. Everything else (prefix, marker, max-keys, list-type, ...) is not signed.
   * The list follows the OSS signature documentation.
   */
  private static final Set<String> SIGNED_PARAMETERS = Set.of(
      "acl", "uploads", "location", "cors", "logging", "website", "referer", "lifecycle",
      "delete", "append", "tagging", "objectMeta", "uploadId", "partNumber", "security-token",
      "position", "response-cache-control", "response-content-disposition",
      "response-content-encoding", "response-content-language", "response-content-type",
      "response-expires", "img", "style", "styleName", "replication", "replicationProgress",
      "replicationLocation", "cname", "bucketInfo", "comp", "qos", "live", "status", "vod",
      "startTime", "endTime", "x-oss-process", "processConfiguration", "symlink", "stat",
      "udf", "udfName", "udfImage", "udfImageDesc", "udfApplication", "udfApplicationLog",
      "restore", "versions", "versioning", "versionId", "encryption", "policy",
      "requestPayment", "x-oss-traffic-limit", "qosInfo", "asyncFetch", "sequential",
      "x-oss-request-payer", "vpcip", "vip", "inventory", "inventoryId", "continuation-token",
      "worm", "wormId", "wormExtend", "callback", "callback-var", "x-oss-dir", "x-oss-rename",
      "x-oss-delete", "transferAcceleration");

  private SignatureV1() {
  }

  /** Builds the string the client must have signed for this request. */
  static String stringToSign(OssRequest request) {
    StringBuilder sb = new StringBuilder();
    sb.append(request.method).append('\n');
    sb.append(headerOrEmpty(request, "Content-MD5")).append('\n');
    sb.append(headerOrEmpty(request, "Content-Type")).append('\n');
    sb.append(headerOrEmpty(request, "Date")).append('\n');
    canonicalizedOssHeaders(request).forEach(
        (name, value) -> sb.append(name).append(':').append(value).append('\n'));
    sb.append(canonicalizedResource(request));
    return sb.toString();
  }

  private static String headerOrEmpty(OssRequest request, String name) {
    String value = request.header(name);
    return value == null ? "" : value.trim();
  }

  /** x-oss-* headers, lower-cased names, trimmed values, sorted by name. */
  private static TreeMap<String, String> canonicalizedOssHeaders(OssRequest request) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : request.headers.entrySet()) {
      String name = h.getKey().toLowerCase();
      if (name.startsWith("x-oss-") && !h.getValue().isEmpty()) {
        sorted.put(name, h.getValue().get(0).trim());
      }
    }
    return sorted;
  }

  /**
   * "/bucket/key" (or "/bucket/" for bucket requests) with the decoded key, then the
   * signed sub-resources sorted by name, "?a&b=v" style, values not URL-encoded.
   */
  private static String canonicalizedResource(OssRequest request) {
    StringBuilder sb = new StringBuilder("/");
    if (request.bucket != null) {
      sb.append(request.bucket).append('/');
      if (request.key != null) {
        sb.append(request.key);
      }
    }
    char separator = '?';
    for (Map.Entry<String, String> p : new TreeMap<>(request.params).entrySet()) {
      if (!SIGNED_PARAMETERS.contains(p.getKey())) {
        continue;
      }
      sb.append(separator).append(p.getKey());
      if (p.getValue() != null) {
        sb.append('=').append(p.getValue());
      }
      separator = '&';
    }
    return sb.toString();
  }

  /** Base64(HMAC-SHA1(secret, stringToSign)). */
  static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  /** Constant-time comparison so the check does not leak how much of a signature matched. */
  static boolean matches(String expected, String provided) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        provided.getBytes(StandardCharsets.UTF_8));
  }
}
