package dev.ferry.engine.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Abortable;
import org.apache.hadoop.fs.BBPartHandle;
import org.apache.hadoop.fs.BBUploadHandle;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.PartHandle;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.MultipartUploader;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * Any Hadoop filesystem (hdfs, s3a, oss, ...) through its own {@link FileSystem} instance, which
 * this store owns and closes.
 */
public final class HadoopStore implements Store {
  private static final int IO_BUFFER = 1 << 20;

  private final FileSystem fs;
  private final String scheme;
  private final String authority;
  private final boolean objectStore;

  HadoopStore(URI fsUri, Configuration conf) throws IOException {
    this.fs = FileSystem.newInstance(fsUri, conf);
    this.scheme = fs.getUri().getScheme();
    this.authority = fs.getUri().getAuthority();
    this.objectStore = StoreLocation.isObjectStore(scheme);
  }

  /** The Hadoop path of an absolute path string; safe for names holding ':' or '%'. */
  public Path toPath(String path) {
    return new Path(scheme, authority, path);
  }

  public FileSystem fileSystem() {
    return fs;
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public StoreEntry stat(String path) throws IOException {
    try {
      return entry(fs.getFileStatus(toPath(path)));
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  private static StoreEntry entry(FileStatus s) {
    return new StoreEntry(s.getPath().getName(), s.isDirectory(), s.isDirectory() ? 0 : s.getLen(),
        s.getModificationTime());
  }

  @Override
  public List<StoreEntry> list(String directory) throws IOException {
    List<StoreEntry> out = new ArrayList<>();
    RemoteIterator<FileStatus> it = fs.listStatusIterator(toPath(directory));
    while (it.hasNext()) {
      FileStatus s = it.next();
      if (s.isDirectory() || s.isFile()) out.add(entry(s));
    }
    return out;
  }

  @Override
  public InputStream open(String path) throws IOException {
    return fs.open(toPath(path), IO_BUFFER);
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return fs.create(toPath(path), true, IO_BUFFER);
  }

  @Override
  public void mkdirs(String directory) throws IOException {
    if (!fs.mkdirs(toPath(directory))) {
      throw new IOException("Cannot create directory " + toPath(directory));
    }
  }

  @Override
  public void replace(String from, String to) throws IOException {
    Path src = toPath(from);
    Path dst = toPath(to);
    if (fs instanceof DistributedFileSystem dfs) {
      dfs.rename(src, dst, Options.Rename.OVERWRITE); // atomic replace
      return;
    }
    if (fs.rename(src, dst)) return;
    FileStatus existing;
    try {
      existing = fs.getFileStatus(dst);
    } catch (FileNotFoundException e) {
      existing = null;
    }
    if (existing != null && existing.isFile()) {
      if (!fs.delete(dst, false)) throw new IOException("Cannot replace " + dst + ": delete failed");
      if (fs.rename(src, dst)) return;
    }
    throw new IOException("Cannot rename " + src + " to " + dst
        + (existing != null && existing.isDirectory() ? ": a directory is in the way" : ""));
  }

  @Override
  public boolean delete(String path) throws IOException {
    return fs.delete(toPath(path), false);
  }

  @Override
  public boolean deleteRecursively(String path) throws IOException {
    return fs.delete(toPath(path), true);
  }

  @Override
  public void abort(OutputStream out) {
    if (out instanceof Abortable a) {
      try {
        a.abort();
        return;
      } catch (UnsupportedOperationException e) {
        // the store's stream cannot abort (HDFS, OSS): see below
      }
    }
    if (!objectStore) {
      try {
        out.close(); // a temporary name on a filesystem: the caller deletes it
      } catch (IOException ignored) {
        // nothing to publish
      }
    }
    // an object store stream that cannot abort is left unclosed: closing would publish the
    // partial object; its pending upload is removed by abortPendingUploads
  }

  @Override
  public int abortPendingUploads(String path) throws IOException {
    if (!objectStore) return -1;
    try (MultipartUploader uploader = fs.createMultipartUploader(toPath(path)).build()) {
      return uploader.abortUploadsUnderPath(toPath(path)).get();
    } catch (UnsupportedOperationException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while aborting uploads under " + toPath(path));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("Cannot abort the uploads pending under " + toPath(path) + ": " + e.getCause(), e.getCause());
    }
  }

  @Override
  public InputStream openAt(String path, long offset) throws IOException {
    FSDataInputStream in = fs.open(toPath(path), IO_BUFFER);
    try {
      in.seek(offset);
      return in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Hadoop's multipart uploader (S3A: a multipart upload; HDFS: part files concatenated). */
  @Override
  public PartAssembly partAssembly(String directory) throws IOException {
    Path dir = toPath(directory);
    if (!fs.hasPathCapability(dir, CommonPathCapabilities.FS_MULTIPART_UPLOADER)) return null;
    return new PartAssembly() {
      private MultipartUploader uploader() throws IOException {
        return fs.createMultipartUploader(dir).build();
      }

      @Override
      public byte[] start(String target, long length) throws IOException {
        try (MultipartUploader u = uploader()) {
          return await(u.startUpload(toPath(target))).toByteArray();
        }
      }

      @Override
      public byte[] putPart(byte[] upload, String target, int partNumber, long offset, InputStream in, long length)
          throws IOException {
        try (MultipartUploader u = uploader()) {
          PartHandle h = await(u.putPart(BBUploadHandle.from(ByteBuffer.wrap(upload)), partNumber, toPath(target), in, length));
          return h.toByteArray();
        }
      }

      @Override
      public void complete(byte[] upload, String target, List<byte[]> parts) throws IOException {
        Map<Integer, PartHandle> handles = new TreeMap<>();
        for (int i = 0; i < parts.size(); i++) handles.put(i + 1, BBPartHandle.from(ByteBuffer.wrap(parts.get(i))));
        try (MultipartUploader u = uploader()) {
          await(u.complete(BBUploadHandle.from(ByteBuffer.wrap(upload)), toPath(target), handles));
        }
      }

      @Override
      public void abort(byte[] upload, String target) {
        try (MultipartUploader u = uploader()) {
          await(u.abort(BBUploadHandle.from(ByteBuffer.wrap(upload)), toPath(target)));
        } catch (IOException | RuntimeException ignored) {
          // pending parts are removed by abortPendingUploads
        }
      }
    };
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new IOException(e.getCause());
    }
  }

  @Override
  public NativeChecksum nativeChecksum(String path) throws IOException {
    switch (scheme) {
      case "hdfs": {
        FileChecksum c = fs.getFileChecksum(toPath(path));
        // only the composite CRCs are independent of block size (dfs.checksum.combine.mode=COMPOSITE_CRC)
        if (c == null || !c.getAlgorithmName().startsWith("COMPOSITE-")) return null;
        return new NativeChecksum(c.getAlgorithmName(), HexFormat.of().formatHex(c.getBytes()), true);
      }
      case "s3a": {
        FileChecksum c = fs.getFileChecksum(toPath(path)); // an ETag with fs.s3a.etag.checksum.enabled
        if (c == null || c.getBytes() == null || c.getBytes().length == 0) return null;
        String etag = new String(c.getBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\"", "");
        return new NativeChecksum("ETAG", etag, !etag.contains("-")); // single-part: the MD5 of the content
      }
      case "oss":
        return ossCrc64(path);
      default:
        return null;
    }
  }

  /** OSS keeps a CRC-64/ECMA of every object; hadoop-aliyun exposes it through its store's metadata. */
  private NativeChecksum ossCrc64(String path) throws IOException {
    try {
      Object store = fs.getClass().getMethod("getStore").invoke(fs);
      String key = path.startsWith("/") ? path.substring(1) : path;
      Object meta = store.getClass().getMethod("getObjectMetadata", String.class).invoke(store, key);
      if (meta == null) return null;
      Object crc = meta.getClass().getMethod("getServerCRC").invoke(meta);
      return crc == null ? null : new NativeChecksum("CRC64ECMA", Long.toUnsignedString((Long) crc, 16), true);
    } catch (ReflectiveOperationException e) {
      if (e.getCause() instanceof IOException io) throw io;
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
