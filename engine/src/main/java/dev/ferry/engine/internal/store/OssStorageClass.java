package dev.ferry.engine.internal.store;

import com.aliyun.oss.OSS;
import com.aliyun.oss.internal.OSSHeaders;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartCopyRequest;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/**
 * What hadoop-aliyun cannot do on OSS: abort the pending multipart uploads under a path
 * (--cleanUpPending), and --policy: hadoop-aliyun writes every object as Standard, so each written object is
 * copied onto itself with the asked storage class (x-oss-storage-class), server-side: one
 * CopyObject up to 1 GiB, a multipart copy (UploadPartCopy) above. Loaded only for oss:// paths,
 * where hadoop-aliyun and the OSS SDK are on the classpath; uses the filesystem's own client.
 */
final class OssStorageClass {
  /** The largest object one CopyObject may copy. */
  static final long COPY_LIMIT = 1L << 30;
  private static final long PART = 256L << 20;

  private OssStorageClass() {
  }

  static void apply(FileSystem fs, String path, String storageClass) throws IOException {
    String key = path.startsWith("/") ? path.substring(1) : path;
    Client c = client(fs);
    if (c == null) {
      throw new IOException("Cannot set the storage class of oss://" + fs.getUri().getAuthority() + path
          + ": this hadoop-aliyun does not expose its OSS client");
    }
    OSS client = c.oss();
    String bucket = c.bucket();
    try {
      ObjectMetadata current = client.getObjectMetadata(bucket, key);
      ObjectMetadata meta = new ObjectMetadata();
      meta.setHeader(OSSHeaders.OSS_STORAGE_CLASS, storageClass);
      if (current.getContentType() != null) meta.setContentType(current.getContentType());
      if (current.getUserMetadata() != null) meta.setUserMetadata(current.getUserMetadata());
      long length = current.getContentLength();
      long limit = fs.getConf().getLongBytes("ferry.oss.copy.limit", COPY_LIMIT);
      if (length <= limit) {
        CopyObjectRequest copy = new CopyObjectRequest(bucket, key, bucket, key);
        copy.setNewObjectMetadata(meta);
        client.copyObject(copy);
        return;
      }
      String upload = client.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key, meta)).getUploadId();
      try {
        List<PartETag> parts = new ArrayList<>();
        int number = 1;
        long partSize = Math.max(100 << 10, Math.min(PART, limit));
        for (long offset = 0; offset < length; offset += partSize, number++) {
          UploadPartCopyRequest part = new UploadPartCopyRequest(bucket, key, bucket, key, upload, number, offset,
              Math.min(partSize, length - offset));
          parts.add(client.uploadPartCopy(part).getPartETag());
        }
        client.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, upload, parts));
      } catch (RuntimeException e) {
        try {
          client.abortMultipartUpload(new com.aliyun.oss.model.AbortMultipartUploadRequest(bucket, key, upload));
        } catch (RuntimeException ignored) {
          // left for --cleanUpPending
        }
        throw e;
      }
    } catch (com.aliyun.oss.ServiceException | com.aliyun.oss.ClientException e) {
      throw new IOException("Cannot set storage class " + storageClass + " on oss://" + fs.getUri().getAuthority() + path
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * --cleanupUploads / --cleanUpPending on OSS: aborts the multipart uploads pending under
   * {@code path} (those of killed runs), through the filesystem's own client; returns how many.
   */
  static int abortUploads(FileSystem fs, String path) throws IOException {
    String prefix = path.startsWith("/") ? path.substring(1) : path;
    if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
    Client c = client(fs);
    if (c == null) return -1;
    OSS client = c.oss();
    String bucket = c.bucket();
    int aborted = 0;
    try {
      com.aliyun.oss.model.ListMultipartUploadsRequest list = new com.aliyun.oss.model.ListMultipartUploadsRequest(bucket);
      list.setPrefix(prefix);
      while (true) {
        com.aliyun.oss.model.MultipartUploadListing page = client.listMultipartUploads(list);
        for (com.aliyun.oss.model.MultipartUpload u : page.getMultipartUploads()) {
          client.abortMultipartUpload(new com.aliyun.oss.model.AbortMultipartUploadRequest(bucket, u.getKey(),
              u.getUploadId()));
          aborted++;
        }
        if (!page.isTruncated()) return aborted;
        list.setKeyMarker(page.getNextKeyMarker());
        list.setUploadIdMarker(page.getNextUploadIdMarker());
      }
    } catch (com.aliyun.oss.ServiceException | com.aliyun.oss.ClientException e) {
      throw new IOException("Cannot abort the uploads pending under oss://" + bucket + "/" + prefix + ": "
          + e.getMessage(), e);
    }
  }

  /** hadoop-aliyun's own OSS client and bucket. */
  private record Client(OSS oss, String bucket) {
  }

  /** The filesystem's client, or null when this hadoop-aliyun does not expose it. */
  private static Client client(FileSystem fs) {
    try {
      Object store = fs.getClass().getMethod("getStore").invoke(fs);
      return new Client((OSS) field(store, "ossClient"), (String) field(store, "bucketName"));
    } catch (ReflectiveOperationException | ClassCastException e) {
      return null;
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }
}
