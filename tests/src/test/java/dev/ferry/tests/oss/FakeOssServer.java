package dev.ferry.tests.oss;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * In-process Alibaba Cloud OSS endpoint for tests, on 127.0.0.1 and a free port.
 *
 * <p>It speaks enough of the OSS REST protocol for hadoop-aliyun 3.4.1 (through
 * aliyun-sdk-oss 3.13.0) to run real file-system operations: objects, listings (v1 and
 * v2), copies, bulk deletes and multipart uploads, all in memory. Every request must carry
 * a valid signature (version 1, the SDK default) for the access key given to the
 * constructor; anything else is answered 403 the way OSS answers it.
 *
 * <p>Both path-style ({@code /bucket/key}, what the SDK uses for an IP endpoint) and
 * virtual-host-style ({@code Host: bucket.<endpoint>}) addressing are accepted.
 */
public final class FakeOssServer implements AutoCloseable {

  /** The OSS API operations this server recognises, for the request counters. */
  public enum Operation {
    PUT_OBJECT("PutObject"),
    GET_OBJECT("GetObject"),
    HEAD_OBJECT("HeadObject"),
    GET_OBJECT_META("GetObjectMeta"),
    DELETE_OBJECT("DeleteObject"),
    DELETE_MULTIPLE_OBJECTS("DeleteMultipleObjects"),
    COPY_OBJECT("CopyObject"),
    LIST_OBJECTS("ListObjects"),
    LIST_OBJECTS_V2("ListObjectsV2"),
    INITIATE_MULTIPART_UPLOAD("InitiateMultipartUpload"),
    UPLOAD_PART("UploadPart"),
    UPLOAD_PART_COPY("UploadPartCopy"),
    COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload"),
    ABORT_MULTIPART_UPLOAD("AbortMultipartUpload"),
    LIST_MULTIPART_UPLOADS("ListMultipartUploads"),
    PUT_BUCKET_ACL("PutBucketAcl"),
    /** Anything else; answered 501 NotImplemented. */
    UNSUPPORTED("Unsupported");

    private final String apiName;

    Operation(String apiName) {
      this.apiName = apiName;
    }

    /** The name the OSS API reference uses. */
    public String apiName() {
      return apiName;
    }
  }

  /** A multipart upload that was initiated and neither completed nor aborted. */
  public record PendingUpload(String bucket, String key, String uploadId, int partCount) {
  }

  /** OSS refuses requests whose Date is further than this from its own clock. */
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
  /** Real OSS refuses CopyObject above 1 GB. */
  private static final long DEFAULT_COPY_OBJECT_LIMIT = 1L << 30;
  /** Query parameters a bucket GET may carry and still be a plain object listing. */
  private static final Set<String> LIST_PARAMETERS = Set.of("prefix", "marker", "delimiter",
      "max-keys", "encoding-type", "list-type", "continuation-token", "start-after",
      "fetch-owner");
  private static final Pattern VALID_BUCKET_NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
  private static final System.Logger LOG = System.getLogger(FakeOssServer.class.getName());

  private final String accessKeyId;
  private final String accessKeySecret;
  private final HttpServer http;
  private final ExecutorService executor;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<Operation, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
  private final AtomicInteger rejectedSignatures = new AtomicInteger();
  private final AtomicLong requestSequence = new AtomicLong();
  private volatile long copyObjectSizeLimit = DEFAULT_COPY_OBJECT_LIMIT;
  private volatile boolean corruptCrc64;

  private final ObjectOperations objectOps = new ObjectOperations(this);
  private final ListOperations listOps = new ListOperations(this);
  private final MultipartOperations multipartOps = new MultipartOperations(this);

  /** Starts serving at once on 127.0.0.1 and an ephemeral port. */
  public FakeOssServer(String accessKeyId, String accessKeySecret) throws IOException {
    this.accessKeyId = accessKeyId;
    this.accessKeySecret = accessKeySecret;
    this.http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    // hadoop-aliyun uploads parts and reads ahead in parallel, so handlers must not queue
    // behind one another on a single thread.
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fake-oss-" + http.getAddress().getPort());
      thread.setDaemon(true);
      return thread;
    });
    http.createContext("/", this::handle);
    http.setExecutor(executor);
    http.start();
  }

  /** "http://127.0.0.1:PORT". */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * Creates an empty bucket; creating an existing one is a no-op. Names follow the OSS
   * rules, because the SDK refuses to send requests for any other name.
   */
  public void createBucket(String name) {
    if (name == null || !VALID_BUCKET_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Not a valid OSS bucket name (3-63 characters: "
          + "lower-case letters, digits, '-', not starting or ending with '-'): " + name);
    }
    buckets.computeIfAbsent(name, Bucket::new);
  }

  /**
   * Lowers the size above which CopyObject is refused (default 1 GB, as on OSS), so that
   * a client's UploadPartCopy fallback can be exercised with small objects.
   */
  public void setCopyObjectSizeLimit(long bytes) {
    this.copyObjectSizeLimit = bytes;
  }

  /**
   * When on, every {@code x-oss-hash-crc64ecma} the server sends is off by one bit, so a
   * test can show that the client really checks it (the SDK then throws
   * {@code InconsistentException}).
   */
  public void setCorruptCrc64(boolean corrupt) {
    this.corruptCrc64 = corrupt;
  }

  // ---- inspection for tests ----

  /** Requests received for one operation, whether or not they were then rejected. */
  public int requestCount(Operation operation) {
    AtomicInteger count = requestCounts.get(operation);
    return count == null ? 0 : count.get();
  }

  /** Snapshot of all non-zero request counters. */
  public Map<Operation, Integer> requestCounts() {
    Map<Operation, Integer> snapshot = new EnumMap<>(Operation.class);
    requestCounts.forEach((op, count) -> snapshot.put(op, count.get()));
    return snapshot;
  }

  /** Requests refused for authentication: bad signature, unknown key id, no or stale Date. */
  public int rejectedSignatures() {
    return rejectedSignatures.get();
  }

  public void resetCounters() {
    requestCounts.clear();
    rejectedSignatures.set(0);
  }

  /** Multipart uploads initiated and neither completed nor aborted, ordered by key. */
  public List<PendingUpload> pendingMultipartUploads() {
    List<PendingUpload> pending = new ArrayList<>();
    for (Bucket bucket : buckets.values()) {
      bucket.uploads.values().forEach(u -> pending.add(MultipartOperations.describe(u)));
    }
    pending.sort(Comparator.comparing(PendingUpload::bucket).thenComparing(PendingUpload::key));
    return pending;
  }

  /** Keys currently stored in a bucket, in listing order. */
  public List<String> objectKeys(String bucket) {
    return List.copyOf(bucket(bucket).objects.keySet());
  }

  /** A stored object's bytes, if it exists. */
  public Optional<byte[]> objectContent(String bucket, String key) {
    return Optional.ofNullable(bucket(bucket).objects.get(key)).map(o -> o.data().clone());
  }

  /** A stored object's storage class (x-oss-storage-class), if it exists. */
  public Optional<String> storageClass(String bucket, String key) {
    return Optional.ofNullable(bucket(bucket).objects.get(key)).map(StoredObject::storageClass);
  }

  /** A stored object's user metadata ({@code x-oss-meta-*} without the prefix). */
  public Map<String, String> userMetadata(String bucket, String key) {
    return bucket(bucket).object(key).userMetadata();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }

  // ---- package-private services for the operation classes ----

  Bucket bucket(String name) {
    Bucket bucket = name == null ? null : buckets.get(name);
    if (bucket == null) {
      throw OssError.noSuchBucket(name);
    }
    return bucket;
  }

  long copyObjectSizeLimit() {
    return copyObjectSizeLimit;
  }

  /** The x-oss-hash-crc64ecma value to send for an object or part with this CRC. */
  String crc64Header(long crc) {
    return Crc64.toHeader(corruptCrc64 ? crc ^ 1 : crc);
  }

  // ---- request handling ----

  private void handle(HttpExchange exchange) throws IOException {
    String requestId = newRequestId();
    try (exchange) {
      OssResponse response;
      try {
        OssRequest request = OssRequest.read(exchange, buckets.keySet());
        Operation operation = classify(request);
        requestCounts.computeIfAbsent(operation, op -> new AtomicInteger()).incrementAndGet();
        authenticate(request);
        verifyContentMd5(request);
        response = dispatch(operation, request);
      } catch (OssError e) {
        response = errorResponse(e, requestId);
      } catch (RuntimeException e) {
        // A bug in the fake, not a protocol error: say so loudly, but still answer like OSS.
        LOG.log(System.Logger.Level.ERROR, "FakeOssServer failed on "
            + exchange.getRequestMethod() + " " + exchange.getRequestURI(), e);
        response = errorResponse(new OssError(500, "InternalError", e.toString()), requestId);
      }
      send(exchange, response, requestId);
    }
  }

  private OssResponse dispatch(Operation operation, OssRequest request) {
    return switch (operation) {
      case PUT_OBJECT -> objectOps.put(request);
      case GET_OBJECT -> objectOps.get(request);
      case HEAD_OBJECT -> objectOps.head(request);
      case GET_OBJECT_META -> objectOps.objectMeta(request);
      case DELETE_OBJECT -> objectOps.delete(request);
      case DELETE_MULTIPLE_OBJECTS -> objectOps.deleteMultiple(request);
      case COPY_OBJECT -> objectOps.copy(request);
      case LIST_OBJECTS -> listOps.listV1(request);
      case LIST_OBJECTS_V2 -> listOps.listV2(request);
      case INITIATE_MULTIPART_UPLOAD -> multipartOps.initiate(request);
      case UPLOAD_PART -> multipartOps.uploadPart(request);
      case UPLOAD_PART_COPY -> multipartOps.uploadPartCopy(request);
      case COMPLETE_MULTIPART_UPLOAD -> multipartOps.complete(request);
      case ABORT_MULTIPART_UPLOAD -> multipartOps.abort(request);
      case LIST_MULTIPART_UPLOADS -> multipartOps.list(request);
      case PUT_BUCKET_ACL -> putBucketAcl(request);
      case UNSUPPORTED -> throw OssError.notImplemented(
          request.method + " " + request.resource() + " " + request.params.keySet());
    };
  }

  /** Maps method, path and sub-resources to the OSS operation they invoke. */
  static Operation classify(OssRequest request) {
    if (request.bucket == null) {
      return Operation.UNSUPPORTED; // service-level calls such as ListBuckets
    }
    if (request.key == null) {
      return classifyBucketRequest(request);
    }
    boolean copy = request.header("x-oss-copy-source") != null;
    boolean part = request.has("uploadId") && request.has("partNumber");
    return switch (request.method) {
      case "GET" -> onlyParams(request, Set.of()) ? Operation.GET_OBJECT : Operation.UNSUPPORTED;
      case "HEAD" -> request.has("objectMeta") ? Operation.GET_OBJECT_META : Operation.HEAD_OBJECT;
      case "PUT" -> part ? (copy ? Operation.UPLOAD_PART_COPY : Operation.UPLOAD_PART)
          : !onlyParams(request, Set.of()) ? Operation.UNSUPPORTED
          : copy ? Operation.COPY_OBJECT : Operation.PUT_OBJECT;
      case "POST" -> request.has("uploads") ? Operation.INITIATE_MULTIPART_UPLOAD
          : request.has("uploadId") ? Operation.COMPLETE_MULTIPART_UPLOAD
          : Operation.UNSUPPORTED;
      case "DELETE" -> request.has("uploadId") ? Operation.ABORT_MULTIPART_UPLOAD
          : onlyParams(request, Set.of()) ? Operation.DELETE_OBJECT : Operation.UNSUPPORTED;
      default -> Operation.UNSUPPORTED;
    };
  }

  private static Operation classifyBucketRequest(OssRequest request) {
    return switch (request.method) {
      case "GET" -> request.has("uploads") ? Operation.LIST_MULTIPART_UPLOADS
          : !onlyParams(request, LIST_PARAMETERS) ? Operation.UNSUPPORTED
          : "2".equals(request.param("list-type")) ? Operation.LIST_OBJECTS_V2
          : Operation.LIST_OBJECTS;
      case "PUT" -> request.has("acl") ? Operation.PUT_BUCKET_ACL : Operation.UNSUPPORTED;
      case "POST" -> request.has("delete") ? Operation.DELETE_MULTIPLE_OBJECTS
          : Operation.UNSUPPORTED;
      default -> Operation.UNSUPPORTED;
    };
  }

  /** True if every query parameter is in {@code allowed} or is a response-header override. */
  private static boolean onlyParams(OssRequest request, Set<String> allowed) {
    return request.params.keySet().stream()
        .allMatch(p -> allowed.contains(p) || p.startsWith("response-"));
  }

  /** hadoop-aliyun sets the bucket ACL at start-up when fs.oss.acl.default is set. */
  private OssResponse putBucketAcl(OssRequest request) {
    bucket(request.bucket);
    String acl = request.header("x-oss-acl");
    if (!Set.of("private", "public-read", "public-read-write").contains(acl)) {
      throw OssError.invalidArgument("no such bucket access control exists")
          .with("ArgumentName", "x-oss-acl").with("ArgumentValue", String.valueOf(acl));
    }
    return OssResponse.empty(200);
  }

  // ---- authentication ----

  private void authenticate(OssRequest request) {
    try {
      checkSignature(request);
    } catch (OssError e) {
      rejectedSignatures.incrementAndGet();
      throw e;
    }
  }

  private void checkSignature(OssRequest request) {
    String authorization = request.header("Authorization");
    if (authorization == null) {
      throw OssError.accessDenied("Anonymous access is not allowed by FakeOssServer.");
    }
    if (!authorization.startsWith(SignatureV1.SCHEME)) {
      throw OssError.accessDenied(
          "FakeOssServer only accepts signature version 1: \"OSS <AccessKeyId>:<Signature>\".");
    }
    String credentials = authorization.substring(SignatureV1.SCHEME.length()).trim();
    int colon = credentials.lastIndexOf(':');
    String keyId = colon < 0 ? credentials : credentials.substring(0, colon);
    String provided = colon < 0 ? "" : credentials.substring(colon + 1);
    if (!keyId.equals(accessKeyId)) {
      throw new OssError(403, "InvalidAccessKeyId",
          "The OSS Access Key Id you provided does not exist in our records.")
          .with("OSSAccessKeyId", keyId);
    }
    checkDate(request);
    String stringToSign = SignatureV1.stringToSign(request);
    if (!SignatureV1.matches(SignatureV1.sign(accessKeySecret, stringToSign), provided)) {
      throw new OssError(403, "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided. "
              + "Check your key and signing method.")
          .with("OSSAccessKeyId", keyId)
          .with("SignatureProvided", provided)
          .with("StringToSign", stringToSign);
    }
  }

  /** The Date header is signed; checking its age is what stops a captured request replaying. */
  private static void checkDate(OssRequest request) {
    String date = request.header("Date");
    Instant sent = date == null ? null : HttpDates.parseHeader(date);
    if (sent == null) {
      throw OssError.accessDenied("The request must carry a valid RFC 1123 Date header.");
    }
    Instant now = Instant.now();
    if (Duration.between(sent, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new OssError(403, "RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.")
          .with("RequestTime", date)
          .with("ServerTime", HttpDates.iso(now));
    }
  }

  /** OSS checks Content-MD5 on any request that sends one (DeleteMultipleObjects always does). */
  private static void verifyContentMd5(OssRequest request) {
    String claimed = request.header("Content-MD5");
    if (claimed != null && !claimed.trim().equals(ObjectOperations.base64Md5(request.body))) {
      throw new OssError(400, "InvalidDigest", "The Content-MD5 you specified was invalid.")
          .with("Content-MD5", claimed);
    }
  }

  // ---- responses ----

  private static OssResponse errorResponse(OssError error, String requestId) {
    Xml xml = new Xml().open("Error")
        .element("Code", error.code)
        .element("Message", error.getMessage())
        .element("RequestId", requestId)
        .element("HostId", "127.0.0.1");
    error.details.forEach(xml::element);
    return OssResponse.xml(error.status, xml.close("Error"));
  }

  private static void send(HttpExchange exchange, OssResponse response, String requestId)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("x-oss-request-id", requestId);
    headers.set("Server", "AliyunOSS");
    headers.set("Date", HttpDates.header(Instant.now()));
    response.headers.forEach(headers::set);
    // HEAD replies never have a body (OSS sends errors to HEAD without one, too); their
    // Content-Length was set by the operation, since the JDK server does not derive it.
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    byte[] body = head || response.body == null ? new byte[0] : response.body;
    // For sendResponseHeaders, 0 would mean "chunked"; -1 means "no body".
    exchange.sendResponseHeaders(response.status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** 24 upper-case hex digits like OSS request ids; the sequence part keeps them unique. */
  private String newRequestId() {
    return String.format("%08X%016X", requestSequence.incrementAndGet(),
        ThreadLocalRandom.current().nextLong());
  }
}
