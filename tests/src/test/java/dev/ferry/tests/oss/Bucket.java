package dev.ferry.tests.oss;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A bucket: objects sorted by key (listings depend on the order) and open uploads. */
final class Bucket {

  final String name;
  final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
  final ConcurrentHashMap<String, MultipartUpload> uploads = new ConcurrentHashMap<>();

  Bucket(String name) {
    this.name = name;
  }

  StoredObject object(String key) {
    StoredObject found = objects.get(key);
    if (found == null) {
      throw OssError.noSuchKey(key);
    }
    return found;
  }

  MultipartUpload upload(String uploadId) {
    MultipartUpload found = uploads.get(uploadId);
    if (found == null) {
      throw OssError.noSuchUpload(uploadId);
    }
    return found;
  }
}
