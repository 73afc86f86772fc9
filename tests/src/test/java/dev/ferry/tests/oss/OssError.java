package dev.ferry.tests.oss;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OSS service error: HTTP status plus the {@code <Code>} the SDK maps to
 * {@code OSSException#getErrorCode()}. Thrown anywhere in request handling and turned
 * into an {@code <Error>} document by {@link FakeOssServer}.
 */
final class OssError extends RuntimeException {

  final int status;
  final String code;
  /** Extra elements OSS puts into the error body (Key, StringToSign, ...), in order. */
  final Map<String, String> details = new LinkedHashMap<>();

  OssError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  OssError with(String element, String value) {
    details.put(element, value);
    return this;
  }

  static OssError noSuchBucket(String bucket) {
    return new OssError(404, "NoSuchBucket", "The specified bucket does not exist.")
        .with("BucketName", bucket);
  }

  static OssError noSuchKey(String key) {
    return new OssError(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
  }

  static OssError noSuchUpload(String uploadId) {
    return new OssError(404, "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, "
            + "or the upload may have been aborted or completed.")
        .with("UploadId", uploadId);
  }

  static OssError invalidArgument(String message) {
    return new OssError(400, "InvalidArgument", message);
  }

  static OssError malformedXml(String message) {
    return new OssError(400, "MalformedXML", message);
  }

  static OssError accessDenied(String message) {
    return new OssError(403, "AccessDenied", message);
  }

  static OssError notImplemented(String what) {
    return new OssError(501, "NotImplemented", what + " is not implemented by FakeOssServer.");
  }
}
