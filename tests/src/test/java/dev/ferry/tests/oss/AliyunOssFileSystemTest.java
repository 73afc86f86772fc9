package dev.ferry.tests.oss;

import static dev.ferry.tests.oss.FakeOssServer.Operation.ABORT_MULTIPART_UPLOAD;
import static dev.ferry.tests.oss.FakeOssServer.Operation.COMPLETE_MULTIPART_UPLOAD;
import static dev.ferry.tests.oss.FakeOssServer.Operation.COPY_OBJECT;
import static dev.ferry.tests.oss.FakeOssServer.Operation.DELETE_MULTIPLE_OBJECTS;
import static dev.ferry.tests.oss.FakeOssServer.Operation.DELETE_OBJECT;
import static dev.ferry.tests.oss.FakeOssServer.Operation.GET_OBJECT;
import static dev.ferry.tests.oss.FakeOssServer.Operation.HEAD_OBJECT;
import static dev.ferry.tests.oss.FakeOssServer.Operation.INITIATE_MULTIPART_UPLOAD;
import static dev.ferry.tests.oss.FakeOssServer.Operation.LIST_OBJECTS;
import static dev.ferry.tests.oss.FakeOssServer.Operation.LIST_OBJECTS_V2;
import static dev.ferry.tests.oss.FakeOssServer.Operation.PUT_OBJECT;
import static dev.ferry.tests.oss.FakeOssServer.Operation.UPLOAD_PART;
import static dev.ferry.tests.oss.FakeOssServer.Operation.UPLOAD_PART_COPY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSSException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real hadoop-aliyun 3.4.1 file system, talking to {@link FakeOssServer}. */
class AliyunOssFileSystemTest {

  private static final String ID = "fs-test-id";
  private static final String SECRET = "fs-test-secret";
  private static final String BUCKET = "test-bucket";
  /** The smallest value hadoop-aliyun accepts for fs.oss.multipart.upload.size. */
  private static final int PART_SIZE = 100 * 1024;
  private static final int DOWNLOAD_PART_SIZE = 64 * 1024;

  @TempDir
  Path bufferDir;

  private FakeOssServer server;
  private FileSystem fs;
  private boolean expectRejectedSignatures;

  @BeforeEach
  void start() throws IOException {
    server = new FakeOssServer(ID, SECRET);
    server.createBucket(BUCKET);
    fs = FileSystem.newInstance(URI.create("oss://" + BUCKET + "/"), conf(SECRET, 2));
  }

  @AfterEach
  void stop() throws IOException {
    try {
      fs.close();
    } finally {
      server.close();
    }
    if (!expectRejectedSignatures) {
      assertThat(server.rejectedSignatures()).as("requests with a bad signature").isZero();
    }
  }

  /** Every key the tests rely on; see the report for what each one does. */
  private Configuration conf(String secret, int listVersion) {
    Configuration conf = new Configuration();
    conf.set("fs.oss.impl", AliyunOSSFileSystem.class.getName());
    // No scheme: the SDK then takes the protocol from fs.oss.connection.secure.enabled.
    conf.set("fs.oss.endpoint", "127.0.0.1:" + server.port());
    conf.setBoolean("fs.oss.connection.secure.enabled", false);
    conf.set("fs.oss.accessKeyId", ID);
    conf.set("fs.oss.accessKeySecret", secret);
    conf.setInt("fs.oss.attempts.maximum", 1);
    conf.setInt("fs.oss.connection.establish.timeout", 5_000);
    conf.setInt("fs.oss.connection.timeout", 30_000);
    conf.setLong("fs.oss.multipart.upload.size", PART_SIZE);
    conf.setLong("fs.oss.multipart.download.size", DOWNLOAD_PART_SIZE);
    conf.setInt("fs.oss.paging.maximum", 4); // small, so listings need several pages
    conf.setInt("fs.oss.list.version", listVersion);
    conf.set("fs.oss.buffer.dir", bufferDir.toString());
    return conf;
  }

  private static org.apache.hadoop.fs.Path path(String p) {
    return new org.apache.hadoop.fs.Path(p);
  }

  /** Writes in uneven chunks, so that part boundaries never line up with writes. */
  private static final int WRITE_CHUNK = 7_777;

  private void write(String p, byte[] data) throws IOException {
    try (FSDataOutputStream out = fs.create(path(p), true)) {
      for (int off = 0; off < data.length; off += WRITE_CHUNK) {
        out.write(data, off, Math.min(WRITE_CHUNK, data.length - off));
      }
    }
  }

  /**
   * Parts hadoop-aliyun 3.4's block output stream will upload: it fills blocks of exactly the
   * part size (whatever the writes' sizes), uploads each full block, and the rest as the last part
   * on close.
   */
  private static int expectedParts(int length) {
    return (length + PART_SIZE - 1) / PART_SIZE;
  }

  private byte[] read(String p) throws IOException {
    try (FSDataInputStream in = fs.open(path(p))) {
      return in.readAllBytes();
    }
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void smallFileIsOnePutObject() throws IOException {
    write("/small.txt", text("hello oss"));

    assertThat(read("/small.txt")).isEqualTo(text("hello oss"));
    FileStatus status = fs.getFileStatus(path("/small.txt"));
    assertThat(status.isFile()).isTrue();
    assertThat(status.getLen()).isEqualTo(9);
    assertThat(status.getModificationTime()).isPositive();
    assertThat(server.requestCount(PUT_OBJECT)).isEqualTo(1);
    assertThat(server.requestCount(INITIATE_MULTIPART_UPLOAD)).isZero();
  }

  @Test
  void largeFileGoesThroughMultipartUploadAndReadsBackInRanges() throws IOException {
    byte[] data = randomBytes(3 * PART_SIZE + 12_345, 7);

    write("/big/blob.bin", data);

    assertThat(server.requestCount(INITIATE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(expectedParts(data.length)).isEqualTo(4);
    assertThat(server.requestCount(UPLOAD_PART)).isEqualTo(expectedParts(data.length));
    assertThat(server.requestCount(COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(server.pendingMultipartUploads()).isEmpty();
    assertThat(server.objectContent(BUCKET, "big/blob.bin")).get().isEqualTo(data);

    assertThat(read("/big/blob.bin")).isEqualTo(data);
    assertThat(fs.getFileStatus(path("/big/blob.bin")).getLen()).isEqualTo(data.length);
    // Read in fs.oss.multipart.download.size pieces, each a ranged GetObject.
    assertThat(server.requestCount(GET_OBJECT))
        .isGreaterThanOrEqualTo(data.length / DOWNLOAD_PART_SIZE);
  }

  @Test
  void seekAndPositionalReadsReturnTheRightBytes() throws IOException {
    byte[] data = randomBytes(5 * DOWNLOAD_PART_SIZE + 99, 11);
    write("/seek.bin", data);

    try (FSDataInputStream in = fs.open(path("/seek.bin"))) {
      for (long pos : new long[] {200_000, 5, DOWNLOAD_PART_SIZE - 1, data.length - 10, 70_000}) {
        in.seek(pos);
        byte[] got = new byte[10];
        in.readFully(got);
        assertThat(got).as("at %d", pos)
            .isEqualTo(Arrays.copyOfRange(data, (int) pos, (int) pos + 10));
        assertThat(in.getPos()).isEqualTo(pos + 10);
      }
      byte[] positional = new byte[1000];
      in.readFully(150_000, positional);
      assertThat(positional).isEqualTo(Arrays.copyOfRange(data, 150_000, 151_000));
      assertThatThrownBy(() -> in.seek(data.length + 1L)).isInstanceOf(EOFException.class);
    }
  }

  @Test
  void directoriesExplicitAndImplicit() throws IOException {
    assertThat(fs.mkdirs(path("/a/b/c"))).isTrue();
    write("/implicit/only-child.txt", text("x"));

    assertThat(server.objectKeys(BUCKET)).containsExactly("a/b/c/", "implicit/only-child.txt");
    assertThat(fs.getFileStatus(path("/a/b/c")).isDirectory()).isTrue();  // "a/b/c/" marker
    assertThat(fs.getFileStatus(path("/a/b")).isDirectory()).isTrue();    // found by listing
    assertThat(fs.getFileStatus(path("/implicit")).isDirectory()).isTrue();
    assertThat(fs.getFileStatus(path("/")).isDirectory()).isTrue();
    assertThat(fs.mkdirs(path("/a/b"))).isTrue();
    assertThatThrownBy(() -> fs.mkdirs(path("/implicit/only-child.txt/sub")))
        .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
  }

  @ParameterizedTest(name = "fs.oss.list.version={0}")
  @ValueSource(ints = {1, 2})
  void listStatusAndRecursiveListFilesPageThroughListings(int listVersion) throws IOException {
    fs.close();
    fs = FileSystem.newInstance(URI.create("oss://" + BUCKET + "/"), conf(SECRET, listVersion));
    for (int i = 0; i < 6; i++) {
      write("/data/f" + i, text("file " + i));
    }
    write("/data/sub1/g", text("g"));
    write("/data/sub2/deeper/h", text("h"));
    fs.mkdirs(path("/data/emptydir"));
    server.resetCounters();

    List<String> entries = new ArrayList<>();
    for (FileStatus s : fs.listStatus(path("/data"))) {
      entries.add(s.getPath().getName() + (s.isDirectory() ? "/" : ""));
    }
    assertThat(entries).containsExactlyInAnyOrder(
        "f0", "f1", "f2", "f3", "f4", "f5", "sub1/", "sub2/", "emptydir/");

    List<String> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(path("/data"), true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      assertThat(s.isFile()).isTrue();
      files.add(s.getPath().toUri().getPath());
    }
    assertThat(files).containsExactlyInAnyOrder("/data/f0", "/data/f1", "/data/f2", "/data/f3",
        "/data/f4", "/data/f5", "/data/sub1/g", "/data/sub2/deeper/h");

    FakeOssServer.Operation used = listVersion == 1 ? LIST_OBJECTS : LIST_OBJECTS_V2;
    FakeOssServer.Operation unused = listVersion == 1 ? LIST_OBJECTS_V2 : LIST_OBJECTS;
    // 9 entries at 4 per page: listStatus alone needs 3 pages.
    assertThat(server.requestCount(used)).isGreaterThanOrEqualTo(5);
    assertThat(server.requestCount(unused)).isZero();
  }

  @Test
  void renameFileIsCopyThenDelete() throws IOException {
    write("/r/src.txt", text("payload"));
    server.resetCounters();

    assertThat(fs.rename(path("/r/src.txt"), path("/r/dst.txt"))).isTrue();

    assertThat(read("/r/dst.txt")).isEqualTo(text("payload"));
    assertThatThrownBy(() -> fs.getFileStatus(path("/r/src.txt")))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(server.requestCount(COPY_OBJECT)).isEqualTo(1);
    assertThat(server.requestCount(DELETE_OBJECT)).isEqualTo(1);
  }

  @Test
  void renameDirectoryCopiesEveryObject() throws IOException {
    write("/dir1/a.txt", text("A"));
    write("/dir1/sub/b.txt", text("B"));
    fs.mkdirs(path("/dir1/empty"));
    server.resetCounters();

    assertThat(fs.rename(path("/dir1"), path("/dir2"))).isTrue();

    assertThat(read("/dir2/a.txt")).isEqualTo(text("A"));
    assertThat(read("/dir2/sub/b.txt")).isEqualTo(text("B"));
    assertThat(fs.getFileStatus(path("/dir2/empty")).isDirectory()).isTrue();
    assertThatThrownBy(() -> fs.getFileStatus(path("/dir1")))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(server.objectKeys(BUCKET)).noneMatch(k -> k.startsWith("dir1"));
    assertThat(server.requestCount(COPY_OBJECT)).isEqualTo(3);
    assertThat(server.requestCount(DELETE_MULTIPLE_OBJECTS)).isEqualTo(1);
  }

  @Test
  void renameFallsBackToUploadPartCopyWhenCopyObjectIsRefused() throws IOException {
    byte[] data = randomBytes(2 * PART_SIZE + 5_000, 3);
    write("/huge.bin", data);
    server.setCopyObjectSizeLimit(PART_SIZE); // stands in for OSS's 1 GB CopyObject limit
    server.resetCounters();

    assertThat(fs.rename(path("/huge.bin"), path("/moved.bin"))).isTrue();

    assertThat(server.requestCount(COPY_OBJECT)).isEqualTo(1); // refused with EntityTooLarge
    assertThat(server.requestCount(INITIATE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(server.requestCount(UPLOAD_PART_COPY)).isEqualTo(3);
    assertThat(server.requestCount(COMPLETE_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(server.pendingMultipartUploads()).isEmpty();
    assertThat(read("/moved.bin")).isEqualTo(data);
    assertThat(fs.exists(path("/huge.bin"))).isFalse();
  }

  @Test
  void recursiveDeleteRemovesTheTreeAndKeepsTheParent() throws IOException {
    write("/p/tree/x", text("x"));
    write("/p/tree/y/z", text("z"));
    fs.mkdirs(path("/p/tree/empty"));

    assertThatThrownBy(() -> fs.delete(path("/p/tree"), false)).isInstanceOf(IOException.class);
    assertThat(fs.delete(path("/p/tree"), true)).isTrue();

    assertThatThrownBy(() -> fs.getFileStatus(path("/p/tree")))
        .isInstanceOf(FileNotFoundException.class);
    // hadoop-aliyun recreates the parent as an empty directory marker.
    assertThat(server.objectKeys(BUCKET)).containsExactly("p/");
    assertThat(fs.getFileStatus(path("/p")).isDirectory()).isTrue();
    assertThat(server.requestCount(DELETE_MULTIPLE_OBJECTS)).isGreaterThanOrEqualTo(1);
    assertThat(fs.delete(path("/p/tree"), true)).isFalse();
  }

  @Test
  void uploadsFailWhenTheServerCrcDoesNotMatch() {
    server.setCorruptCrc64(true);
    // Both the single PutObject and the multipart path check x-oss-hash-crc64ecma.
    assertThatThrownBy(() -> write("/small-bad-crc", text("data")))
        .isInstanceOf(com.aliyun.oss.InconsistentException.class);
    // hadoop-aliyun 3.4 tries a part three times on the stream the first try consumed: the
    // InconsistentException of the first try is logged, the exception carries the last try's; the
    // parts go up concurrently, so either part's failure may be the one reported
    assertThatThrownBy(() -> write("/big-bad-crc", randomBytes(2 * PART_SIZE, 5)))
        .hasStackTraceContaining("Failed to upload big-bad-crc, part ");
    // The failed multipart upload was aborted by the output stream, not left behind.
    assertThat(server.requestCount(ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
    assertThat(server.pendingMultipartUploads()).isEmpty();
    // The simple upload was stored before the client saw the bad CRC (as on OSS, where
    // the check is client-side); the multipart one never completed.
    assertThat(server.objectKeys(BUCKET)).containsExactly("small-bad-crc");
  }

  @Test
  void missingPathsGiveFileNotFound() throws IOException {
    assertThatThrownBy(() -> fs.open(path("/nope.txt")))
        .isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.getFileStatus(path("/no/such/dir")))
        .isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.listStatus(path("/nope")))
        .isInstanceOf(FileNotFoundException.class);
    assertThat(fs.exists(path("/nope.txt"))).isFalse();
    // getFileStatus tried the key, then key + "/", both answered 404 NoSuchKey.
    assertThat(server.requestCount(HEAD_OBJECT)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void wrongSecretFailsWithSignatureDoesNotMatch() throws IOException {
    expectRejectedSignatures = true;
    try (FileSystem bad = FileSystem.newInstance(URI.create("oss://" + BUCKET + "/"),
        conf("wrong-secret", 2))) {
      // HeadObject failures are swallowed by hadoop-aliyun; the directory listing that
      // follows surfaces the 403.
      assertThatThrownBy(() -> bad.getFileStatus(path("/anything")))
          .isInstanceOfSatisfying(OSSException.class,
              e -> assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch"));
      assertThatThrownBy(() -> bad.create(path("/new.txt")).close())
          .isInstanceOfSatisfying(OSSException.class,
              e -> assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch"));
    }
    assertThat(server.rejectedSignatures()).isGreaterThanOrEqualTo(6);
    assertThat(server.objectKeys(BUCKET)).isEmpty();
  }

  @Test
  void endpointWithExplicitSchemeNeedsNoSecureFlag() throws IOException {
    Configuration conf = conf(SECRET, 2);
    conf.unset("fs.oss.connection.secure.enabled"); // default true would mean https
    conf.set("fs.oss.endpoint", server.endpoint()); // "http://127.0.0.1:PORT" wins
    try (FileSystem plain = FileSystem.newInstance(URI.create("oss://" + BUCKET + "/"), conf)) {
      try (FSDataOutputStream out = plain.create(path("/scheme.txt"))) {
        out.write(text("ok"));
      }
      assertThat(plain.getFileStatus(path("/scheme.txt")).getLen()).isEqualTo(2);
    }
  }
}
