package dev.ferry.tests.oss;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

/**
 * An immutable object version. Replacing an object swaps the whole record, so readers
 * never see a half-written object.
 *
 * @param etag unquoted; upper-case hex MD5 for simple uploads, "MD5-of-MD5s-N" for
 *     multipart ones, as OSS does
 * @param objectType "Normal" or "Multipart" ({@code x-oss-object-type})
 */
record StoredObject(byte[] data, String etag, long crc64, Instant lastModified,
    String contentType, Map<String, String> userMetadata, String objectType, String storageClass) {

  /** The bucket's storage class, which objects get when a request names none. */
  static final String DEFAULT_STORAGE_CLASS = "Standard";

  /** The class a request's {@code x-oss-storage-class} header names, or the bucket's. */
  static String storageClass(String header) {
    return header == null || header.isBlank() ? DEFAULT_STORAGE_CLASS : header;
  }

  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /** A simple (PutObject / CopyObject) object. */
  static StoredObject normal(byte[] data, String contentType, Map<String, String> meta, String storageClass) {
    return new StoredObject(data, hex(md5(data)), Crc64.of(data), now(),
        contentType == null ? DEFAULT_CONTENT_TYPE : contentType, Map.copyOf(meta), "Normal", storageClass(storageClass));
  }

  /** Same bytes and ETag under a new name, as CopyObject with metadata directive COPY; the class is the request's. */
  StoredObject copy(String storageClass) {
    return new StoredObject(data, etag, crc64, now(), contentType, userMetadata, objectType, storageClass(storageClass));
  }

  long size() {
    return data.length;
  }

  String quotedEtag() {
    return '"' + etag + '"';
  }

  /** OSS reports modification times to the second, in headers and listings alike. */
  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
