package dev.ferry.tests.oss;

/**
 * The {@code x-oss-copy-source} header of CopyObject and UploadPartCopy:
 * "/bucket/key" with the key URL-encoded as a whole (the SDK encodes '/' as %2F).
 */
record CopySource(String bucket, String key) {

  static CopySource parse(OssRequest request) {
    String header = request.header("x-oss-copy-source");
    if (header == null || !header.startsWith("/") || header.indexOf('/', 1) < 0) {
      throw OssError.invalidArgument("x-oss-copy-source must look like /bucket/key.");
    }
    if (header.contains("?")) {
      throw OssError.notImplemented("Copying a specific versionId");
    }
    int slash = header.indexOf('/', 1);
    return new CopySource(OssRequest.decode(header.substring(1, slash)),
        OssRequest.decode(header.substring(slash + 1)));
  }

  StoredObject resolve(FakeOssServer server) {
    return server.bucket(bucket).object(key);
  }
}
