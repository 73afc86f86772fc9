package dev.ferry.tests.oss;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * Multipart upload: initiate, upload part (from a body or by copying a range of an
 * existing object), complete, abort, and list the uploads still open.
 */
final class MultipartOperations {

  /** OSS rejects, at completion time, any part but the last that is smaller than 100 KB. */
  static final int MIN_PART_SIZE = 100 * 1024;
  private static final int MAX_PART_NUMBER = 10_000;
  private static final int DEFAULT_MAX_UPLOADS = 1000;

  private final FakeOssServer server;

  MultipartOperations(FakeOssServer server) {
    this.server = server;
  }

  /** POST /bucket/key?uploads. Content type and user metadata are fixed here, as on OSS. */
  OssResponse initiate(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    String uploadId = UUID.randomUUID().toString().replace("-", "").toUpperCase();
    bucket.uploads.put(uploadId, new MultipartUpload(bucket.name, request.key, uploadId,
        request.header("Content-Type"), request.userMetadata(), request.header("x-oss-storage-class")));
    Xml xml = new Xml().open("InitiateMultipartUploadResult")
        .element("Bucket", bucket.name)
        .element("Key", request.key)
        .element("UploadId", uploadId)
        .close("InitiateMultipartUploadResult");
    return OssResponse.xml(200, xml);
  }

  /** PUT /bucket/key?partNumber=N&uploadId=ID with the part as body. */
  OssResponse uploadPart(OssRequest request) {
    MultipartUpload upload = openUpload(request);
    MultipartUpload.Part part = storePart(upload, partNumber(request), request.body);
    // The SDK checks this CRC per part and later combines the part CRCs to check the
    // CRC that CompleteMultipartUpload returns for the whole object.
    return OssResponse.empty(200)
        .header("ETag", '"' + part.etag() + '"')
        .header("Content-MD5", ObjectOperations.base64Md5(request.body))
        .header(ObjectOperations.CRC_HEADER, server.crc64Header(part.crc64()));
  }

  /** UploadPart with x-oss-copy-source and optional x-oss-copy-source-range. */
  OssResponse uploadPartCopy(OssRequest request) {
    MultipartUpload upload = openUpload(request);
    int partNumber = partNumber(request);
    StoredObject source = CopySource.parse(request).resolve(server);
    byte[] data = copyRange(source, request.header("x-oss-copy-source-range"));
    MultipartUpload.Part part = storePart(upload, partNumber, data);
    Xml xml = new Xml().open("CopyPartResult")
        .element("LastModified", HttpDates.iso(part.lastModified()))
        .element("ETag", '"' + part.etag() + '"')
        .close("CopyPartResult");
    return OssResponse.xml(200, xml);
  }

  private static byte[] copyRange(StoredObject source, String rangeHeader) {
    if (rangeHeader == null) {
      return source.data();
    }
    ByteRange range = ByteRange.parse(rangeHeader, source.size(), false);
    if (range == null) {
      throw OssError.invalidArgument("x-oss-copy-source-range is outside the source object.")
          .with("ArgumentName", "x-oss-copy-source-range").with("ArgumentValue", rangeHeader);
    }
    return Arrays.copyOfRange(source.data(), (int) range.first(), (int) range.last() + 1);
  }

  /**
   * POST /bucket/key?uploadId=ID with the part list. The listed parts must exist with
   * matching ETags, be in ascending order, and all but the last must be at least 100 KB.
   */
  OssResponse complete(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    MultipartUpload upload = openUpload(request);
    List<MultipartUpload.Part> parts = requestedParts(upload, Xml.parse(request.body));
    StoredObject object = assemble(upload, parts);
    // Remove first, so that two racing completions cannot both succeed.
    if (!bucket.uploads.remove(upload.uploadId, upload)) {
      throw OssError.noSuchUpload(upload.uploadId);
    }
    bucket.objects.put(upload.key, object);
    Xml xml = new Xml().open("CompleteMultipartUploadResult")
        .element("Location", server.endpoint() + "/" + bucket.name + "/" + upload.key)
        .element("Bucket", bucket.name)
        .element("Key", upload.key)
        .element("ETag", object.quotedEtag())
        .close("CompleteMultipartUploadResult");
    return OssResponse.xml(200, xml)
        .header("ETag", object.quotedEtag())
        .header(ObjectOperations.CRC_HEADER, server.crc64Header(object.crc64()));
  }

  private static List<MultipartUpload.Part> requestedParts(MultipartUpload upload, Element root) {
    List<MultipartUpload.Part> parts = new ArrayList<>();
    int previous = 0;
    for (Element element : Xml.children(root, "Part")) {
      int number = parseInt(Xml.childText(element, "PartNumber"));
      if (number <= previous) {
        throw new OssError(400, "InvalidPartOrder",
            "The list of parts was not in ascending order.");
      }
      // Only now is it known that the previous part is not the last one.
      if (!parts.isEmpty() && parts.get(parts.size() - 1).data().length < MIN_PART_SIZE) {
        throw new OssError(400, "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed size.")
            .with("PartNumber", Integer.toString(previous));
      }
      MultipartUpload.Part part = upload.parts.get(number);
      String etag = unquote(Xml.childText(element, "ETag"));
      if (part == null || !part.etag().equalsIgnoreCase(etag)) {
        throw new OssError(400, "InvalidPart", "One or more of the specified parts could not "
            + "be found or the specified entity tag might not have matched the part's entity tag.")
            .with("PartNumber", Integer.toString(number)).with("ETag", etag);
      }
      parts.add(part);
      previous = number;
    }
    if (parts.isEmpty()) {
      throw OssError.malformedXml("CompleteMultipartUpload needs at least one Part.");
    }
    return parts;
  }

  /** Concatenates the parts; the ETag is the MD5 of the parts' binary MD5s plus "-count". */
  private static StoredObject assemble(MultipartUpload upload, List<MultipartUpload.Part> parts) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteArrayOutputStream md5s = new ByteArrayOutputStream();
    for (MultipartUpload.Part part : parts) {
      data.writeBytes(part.data());
      md5s.writeBytes(part.md5());
    }
    byte[] bytes = data.toByteArray();
    String etag = StoredObject.hex(StoredObject.md5(md5s.toByteArray())) + "-" + parts.size();
    return new StoredObject(bytes, etag, Crc64.of(bytes), StoredObject.now(),
        upload.contentType == null ? StoredObject.DEFAULT_CONTENT_TYPE : upload.contentType,
        upload.userMetadata, "Multipart", upload.storageClass);
  }

  /** DELETE /bucket/key?uploadId=ID. */
  OssResponse abort(OssRequest request) {
    MultipartUpload upload = openUpload(request);
    server.bucket(request.bucket).uploads.remove(upload.uploadId);
    return OssResponse.empty(204);
  }

  /**
   * GET /bucket/?uploads, ordered by key then upload id (ids increase with initiation
   * order only by chance, which OSS does not promise either). Delimiter is not supported.
   */
  OssResponse list(OssRequest request) {
    Bucket bucket = server.bucket(request.bucket);
    if (request.param("delimiter") != null && !request.param("delimiter").isEmpty()) {
      throw OssError.notImplemented("ListMultipartUploads with a delimiter");
    }
    String prefix = request.param("prefix") == null ? "" : request.param("prefix");
    String keyMarker = request.param("key-marker");
    String idMarker = request.param("upload-id-marker");
    int maxUploads = request.param("max-uploads") == null ? DEFAULT_MAX_UPLOADS
        : parseInt(request.param("max-uploads"));

    List<MultipartUpload> matching = bucket.uploads.values().stream()
        .filter(u -> u.key.startsWith(prefix))
        .filter(u -> isAfter(u, keyMarker, idMarker))
        .sorted(Comparator.comparing((MultipartUpload u) -> u.key).thenComparing(u -> u.uploadId))
        .toList();
    boolean truncated = matching.size() > maxUploads;
    List<MultipartUpload> page = truncated ? matching.subList(0, maxUploads) : matching;

    Xml xml = new Xml().open("ListMultipartUploadsResult")
        .element("Bucket", bucket.name)
        .element("KeyMarker", keyMarker)
        .element("UploadIdMarker", idMarker)
        .element("NextKeyMarker", truncated ? page.get(page.size() - 1).key : null)
        .element("NextUploadIdMarker", truncated ? page.get(page.size() - 1).uploadId : null)
        .element("Delimiter", null)
        .element("Prefix", prefix)
        .element("MaxUploads", maxUploads)
        .element("IsTruncated", truncated);
    for (MultipartUpload u : page) {
      xml.open("Upload")
          .element("Key", u.key)
          .element("UploadId", u.uploadId)
          .element("StorageClass", "Standard")
          .element("Initiated", HttpDates.iso(u.initiated))
          .close("Upload");
    }
    return OssResponse.xml(200, xml.close("ListMultipartUploadsResult"));
  }

  private static boolean isAfter(MultipartUpload u, String keyMarker, String idMarker) {
    if (keyMarker == null || keyMarker.isEmpty()) {
      return true;
    }
    int byKey = u.key.compareTo(keyMarker);
    if (idMarker == null || idMarker.isEmpty()) {
      return byKey > 0;
    }
    return byKey > 0 || (byKey == 0 && u.uploadId.compareTo(idMarker) > 0);
  }

  /** The upload named by ?uploadId, which must belong to the key in the path. */
  private MultipartUpload openUpload(OssRequest request) {
    String uploadId = request.param("uploadId");
    MultipartUpload upload = server.bucket(request.bucket).upload(uploadId);
    if (!upload.key.equals(request.key)) {
      throw OssError.noSuchUpload(uploadId);
    }
    return upload;
  }

  private static MultipartUpload.Part storePart(MultipartUpload upload, int number, byte[] data) {
    MultipartUpload.Part part = new MultipartUpload.Part(data, StoredObject.md5(data),
        Crc64.of(data), StoredObject.now());
    upload.parts.put(number, part);
    return part;
  }

  private static int partNumber(OssRequest request) {
    int number = parseInt(request.param("partNumber"));
    if (number < 1 || number > MAX_PART_NUMBER) {
      throw OssError.invalidArgument("Part number must be an integer between 1 and 10000.")
          .with("ArgumentName", "partNumber");
    }
    return number;
  }

  private static int parseInt(String value) {
    try {
      return Integer.parseInt(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw OssError.invalidArgument("Expected an integer but got '" + value + "'.");
    }
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    String trimmed = etag.trim();
    return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
        ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
  }

  /** Snapshot used by {@link FakeOssServer#pendingMultipartUploads()}. */
  static FakeOssServer.PendingUpload describe(MultipartUpload u) {
    return new FakeOssServer.PendingUpload(u.bucket, u.key, u.uploadId, u.parts.size());
  }
}
