package dev.ferry.tests.oss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/** Single-object operations: put, get, head, delete, copy, and the bulk delete. */
final class ObjectOperations {

  static final String CRC_HEADER = "x-oss-hash-crc64ecma";
  /** OSS caps one DeleteMultipleObjects request at 1000 keys. */
  private static final int MAX_DELETE_KEYS = 1000;

  private final FakeOssServer server;

  ObjectOperations(FakeOssServer server) {
    this.server = server;
  }

  /** PutObject. The CRC header lets the SDK compare against the CRC it computed while sending. */
  OssResponse put(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    StoredObject object = StoredObject.normal(request.body, request.header("Content-Type"),
        request.userMetadata(), request.header("x-oss-storage-class"));
    bucket.objects.put(request.key, object);
    return OssResponse.empty(200)
        .header("ETag", object.quotedEtag())
        .header("Content-MD5", base64Md5(request.body))
        .header(CRC_HEADER, server.crc64Header(object.crc64()));
  }

  /** GetObject, honouring a single-range Range header the way OSS does. */
  OssResponse get(OssRequest request) {
    StoredObject object = server.bucket(request.bucket).object(request.key);
    boolean strict = "standard".equalsIgnoreCase(request.header("x-oss-range-behavior"));
    ByteRange range = ByteRange.parse(request.header("Range"), object.size(), strict);
    if (range == null) {
      return withObjectHeaders(OssResponse.bytes(200, object.data()), object);
    }
    byte[] slice = Arrays.copyOfRange(object.data(),
        (int) range.first(), (int) range.last() + 1);
    return withObjectHeaders(OssResponse.bytes(206, slice), object)
        .header("Content-Range", range.contentRange(object.size()));
  }

  /** HeadObject: the GetObject headers without the body; Content-Length is the object size. */
  OssResponse head(OssRequest request) {
    StoredObject object = server.bucket(request.bucket).object(request.key);
    return withObjectHeaders(OssResponse.empty(200), object)
        .header("Content-Length", Long.toString(object.size()));
  }

  /** GetObjectMeta (HEAD ?objectMeta): only ETag, size and modification time. */
  OssResponse objectMeta(OssRequest request) {
    StoredObject object = server.bucket(request.bucket).object(request.key);
    return OssResponse.empty(200)
        .header("ETag", object.quotedEtag())
        .header("Content-Length", Long.toString(object.size()))
        .header("Last-Modified", HttpDates.header(object.lastModified()));
  }

  /** DeleteObject: 204 whether or not the key existed, as on OSS. */
  OssResponse delete(OssRequest request) {
    server.bucket(request.bucket).objects.remove(request.key);
    return OssResponse.empty(204);
  }

  /**
   * DeleteMultipleObjects (POST /bucket/?delete). In quiet mode OSS only reports failures,
   * and since nothing can fail here the body is empty; hadoop-aliyun relies on that, as it
   * retries every key reported in quiet mode.
   */
  OssResponse deleteMultiple(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    Element root = Xml.parse(request.body);
    boolean quiet = Boolean.parseBoolean(Xml.childText(root, "Quiet"));
    List<String> keys = new ArrayList<>();
    for (Element object : Xml.children(root, "Object")) {
      keys.add(Xml.childText(object, "Key"));
    }
    if (keys.isEmpty() || keys.size() > MAX_DELETE_KEYS || keys.contains(null)) {
      throw OssError.malformedXml("Delete needs 1 to 1000 Object elements, each with a Key.");
    }
    keys.forEach(bucket.objects::remove);
    if (quiet) {
      return OssResponse.empty(200);
    }
    Xml xml = new Xml().open("DeleteResult");
    keys.forEach(k -> xml.open("Deleted").element("Key", k).close("Deleted"));
    return OssResponse.xml(200, xml.close("DeleteResult"));
  }

  /**
   * CopyObject (PUT with x-oss-copy-source). Objects above the configured limit are
   * refused, as real OSS refuses CopyObject above 1 GB; that is what makes hadoop-aliyun
   * fall back to UploadPartCopy.
   */
  OssResponse copy(OssRequest request) {
    Bucket target = server.bucket(request.bucket);
    StoredObject source = CopySource.parse(request).resolve(server);
    if (source.size() > server.copyObjectSizeLimit()) {
      throw new OssError(400, "EntityTooLarge", "CopyObject supports objects up to "
          + server.copyObjectSizeLimit() + " bytes; use UploadPartCopy for larger ones.");
    }
    StoredObject copy = "REPLACE".equalsIgnoreCase(request.header("x-oss-metadata-directive"))
        ? replaceMetadata(source, request)
        : source.copy(request.header("x-oss-storage-class"));
    target.objects.put(request.key, copy);
    Xml xml = new Xml().open("CopyObjectResult")
        .element("ETag", copy.quotedEtag())
        .element("LastModified", HttpDates.iso(copy.lastModified()))
        .close("CopyObjectResult");
    return OssResponse.xml(200, xml).header(CRC_HEADER, server.crc64Header(copy.crc64()));
  }

  private static StoredObject replaceMetadata(StoredObject source, OssRequest request) {
    return new StoredObject(source.data(), source.etag(), source.crc64(), StoredObject.now(),
        request.header("Content-Type") == null ? StoredObject.DEFAULT_CONTENT_TYPE
            : request.header("Content-Type"),
        Map.copyOf(request.userMetadata()), source.objectType(),
        StoredObject.storageClass(request.header("x-oss-storage-class")));
  }

  /** Headers shared by GetObject and HeadObject. */
  private OssResponse withObjectHeaders(OssResponse response, StoredObject object) {
    response.header("Content-Type", object.contentType())
        .header("ETag", object.quotedEtag())
        .header("Last-Modified", HttpDates.header(object.lastModified()))
        .header("Accept-Ranges", "bytes")
        .header("x-oss-object-type", object.objectType())
        .header("x-oss-storage-class", object.storageClass())
        .header(CRC_HEADER, server.crc64Header(object.crc64()));
    object.userMetadata().forEach((k, v) -> response.header("x-oss-meta-" + k, v));
    return response;
  }

  static String base64Md5(byte[] data) {
    return Base64.getEncoder().encodeToString(StoredObject.md5(data));
  }
}
