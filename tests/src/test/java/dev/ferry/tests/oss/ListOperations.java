package dev.ferry.tests.oss;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * ListObjects (v1, marker based) and ListObjectsV2 (continuation-token based).
 * hadoop-aliyun 3.4.1 uses v2 unless {@code fs.oss.list.version=1}.
 */
final class ListOperations {

  private static final int DEFAULT_MAX_KEYS = 100;
  private static final int MAX_MAX_KEYS = 1000;
  private static final String OWNER_ID = "1234567890";

  /** One page of a listing; entries and common prefixes both count towards max-keys. */
  record Page(List<Map.Entry<String, StoredObject>> contents, List<String> commonPrefixes,
      boolean truncated, String lastReturned) {
  }

  private final FakeOssServer server;

  ListOperations(FakeOssServer server) {
    this.server = server;
  }

  /** GET /bucket/ (ListObjects, v1). */
  OssResponse listV1(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    String prefix = orEmpty(request.param("prefix"));
    String delimiter = emptyToNull(request.param("delimiter"));
    String marker = emptyToNull(request.param("marker"));
    int maxKeys = maxKeys(request);
    Page page = page(bucket.objects, prefix, delimiter, marker, maxKeys);

    Xml xml = new Xml().open("ListBucketResult")
        .element("Name", bucket.name)
        .element("Prefix", prefix)
        .element("Marker", marker)
        .element("MaxKeys", maxKeys)
        .element("Delimiter", delimiter)
        .element("IsTruncated", page.truncated());
    if (page.truncated()) {
      xml.element("NextMarker", page.lastReturned());
    }
    // The v1 parser dereferences Owner unconditionally, so it is always present here.
    writeEntries(xml, page, true);
    return OssResponse.xml(200, xml.close("ListBucketResult"));
  }

  /** GET /bucket/?list-type=2 (ListObjectsV2). */
  OssResponse listV2(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    String prefix = orEmpty(request.param("prefix"));
    String delimiter = emptyToNull(request.param("delimiter"));
    String token = emptyToNull(request.param("continuation-token"));
    String startAfter = emptyToNull(request.param("start-after"));
    int maxKeys = maxKeys(request);
    boolean fetchOwner = Boolean.parseBoolean(request.param("fetch-owner"));
    String resumeAfter = token != null ? decodeToken(token) : startAfter;
    Page page = page(bucket.objects, prefix, delimiter, resumeAfter, maxKeys);

    Xml xml = new Xml().open("ListBucketResult")
        .element("Name", bucket.name)
        .element("Prefix", prefix)
        .element("MaxKeys", maxKeys)
        .element("Delimiter", delimiter)
        .element("IsTruncated", page.truncated());
    if (token != null) {
      xml.element("ContinuationToken", token);
    }
    if (startAfter != null) {
      xml.element("StartAfter", startAfter);
    }
    if (page.truncated()) {
      xml.element("NextContinuationToken", encodeToken(page.lastReturned()));
    }
    xml.element("KeyCount", page.contents().size() + page.commonPrefixes().size());
    writeEntries(xml, page, fetchOwner);
    return OssResponse.xml(200, xml.close("ListBucketResult"));
  }

  /**
   * Walks keys in order after {@code after} (exclusive) under {@code prefix}, rolling keys
   * that contain the delimiter beyond the prefix into common prefixes. A common prefix not
   * greater than {@code after} was already returned on an earlier page, so it is skipped;
   * that is what makes a common prefix usable as a marker.
   */
  static Page page(NavigableMap<String, StoredObject> objects, String prefix, String delimiter,
      String after, int maxKeys) {
    List<Map.Entry<String, StoredObject>> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    boolean truncated = false;
    for (Map.Entry<String, StoredObject> entry : startingPoint(objects, prefix, after).entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(prefix)) {
        break; // keys are sorted, so nothing later can match the prefix either
      }
      String common = commonPrefix(key, prefix, delimiter);
      String item = common != null ? common : key;
      if (item.equals(last) || (after != null && item.compareTo(after) <= 0)) {
        continue; // further key inside a common prefix that was already returned
      }
      if (contents.size() + prefixes.size() == maxKeys) {
        truncated = true;
        break;
      }
      if (common != null) {
        prefixes.add(common);
      } else {
        contents.add(entry);
      }
      last = item;
    }
    return new Page(contents, prefixes, truncated, last);
  }

  private static NavigableMap<String, StoredObject> startingPoint(
      NavigableMap<String, StoredObject> objects, String prefix, String after) {
    if (after != null && after.compareTo(prefix) >= 0) {
      return objects.tailMap(after, false);
    }
    return objects.tailMap(prefix, true);
  }

  private static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter == null) {
      return null;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? null : key.substring(0, at + delimiter.length());
  }

  private static void writeEntries(Xml xml, Page page, boolean withOwner) {
    for (Map.Entry<String, StoredObject> entry : page.contents()) {
      StoredObject object = entry.getValue();
      xml.open("Contents")
          .element("Key", entry.getKey())
          .element("LastModified", HttpDates.iso(object.lastModified()))
          .element("ETag", object.quotedEtag())
          .element("Type", object.objectType())
          .element("Size", object.size())
          .element("StorageClass", "Standard");
      if (withOwner) {
        xml.open("Owner").element("ID", OWNER_ID).element("DisplayName", OWNER_ID).close("Owner");
      }
      xml.close("Contents");
    }
    for (String common : page.commonPrefixes()) {
      xml.open("CommonPrefixes").element("Prefix", common).close("CommonPrefixes");
    }
  }

  private static int maxKeys(OssRequest request) {
    String raw = request.param("max-keys");
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_MAX_KEYS;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= 1 && value <= MAX_MAX_KEYS) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the OSS error below
    }
    throw OssError.invalidArgument("max-keys must be an integer between 1 and 1000.")
        .with("ArgumentName", "max-keys").with("ArgumentValue", raw);
  }

  /** Tokens are opaque to clients; here they carry the last key or prefix returned. */
  private static String encodeToken(String lastReturned) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(lastReturned.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OssError.invalidArgument("The continuation token provided is incorrect.")
          .with("ArgumentName", "continuation-token");
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
