package dev.ferry.tests.oss;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** An initiated, not yet completed or aborted multipart upload. */
final class MultipartUpload {

  /** One uploaded part; {@code md5} is kept raw because the final ETag is an MD5 of MD5s. */
  record Part(byte[] data, byte[] md5, long crc64, Instant lastModified) {
    String etag() {
      return StoredObject.hex(md5);
    }
  }

  final String bucket;
  final String key;
  final String uploadId;
  final Instant initiated;
  final String contentType;
  final Map<String, String> userMetadata;
  final String storageClass;
  /** Part number -> latest part uploaded under it (re-uploading a number replaces it). */
  final ConcurrentSkipListMap<Integer, Part> parts = new ConcurrentSkipListMap<>();

  MultipartUpload(String bucket, String key, String uploadId, String contentType,
      Map<String, String> userMetadata, String storageClass) {
    this.storageClass = StoredObject.storageClass(storageClass);
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.initiated = StoredObject.now();
    this.contentType = contentType;
    this.userMetadata = Map.copyOf(userMetadata);
  }
}
