package dev.ferry.engine.internal.store;

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

  /** The ETag an object store's listing gave for a file (S3A), or null. */
  private static String etag(FileStatus s) {
    if (!(s instanceof org.apache.hadoop.fs.EtagSource e)) return null;
    String v = e.getEtag();
    return v == null || v.isEmpty() ? null : v.replace("\"", "");
  }

  private static StoreEntry entry(FileStatus s) {
    String name = s.getPath().getName();
    if (s.isDirectory()) return StoreEntry.directory(name, s.getModificationTime());
    if (s.isFile()) return StoreEntry.object(name, s.getLen(), s.getModificationTime(), etag(s));
    return new StoreEntry(name, StoreEntry.Kind.SPECIAL, 0, s.getModificationTime(), null);
  }

  /**
   * HDFS: the inode id (an overwrite makes a new inode; an append moves length and time). S3A:
   * the ETag and version id. OSS: the CRC-64 of the object. Elsewhere length and time only.
   */
  @Override
  public Fingerprint fingerprint(String path) throws IOException {
    FileStatus s;
    try {
      s = fs.getFileStatus(toPath(path));
    } catch (FileNotFoundException e) {
      return null;
    }
    String identity = null;
    if (s instanceof org.apache.hadoop.hdfs.protocol.HdfsFileStatus h) {
      identity = "inode " + h.getFileId();
    } else if (s instanceof org.apache.hadoop.fs.EtagSource e && e.getEtag() != null) {
      identity = "etag " + e.getEtag();
    } else if ("oss".equals(scheme)) {
      NativeChecksum crc = ossCrc64(path);
      identity = crc == null ? null : crc.describe();
    }
    return new Fingerprint(s.getLen(), s.getModificationTime(), identity);
  }

  /**
   * HDFS and view filesystems resolve links and mount points; the filesystem is named by its
   * delegation-token service (the NameNode's address or the HA nameservice) where it has one.
   */
  @Override
  public String canonicalName(String existingPath) throws IOException {
    Path p = toPath(existingPath);
    if ("hdfs".equals(scheme) || "viewfs".equals(scheme) || "webhdfs".equals(scheme)) {
      try {
        p = fs.resolvePath(p);
      } catch (FileNotFoundException e) {
        // removed meanwhile: its own name will do
      }
    }
    URI u = p.toUri();
    String fsName = null;
    boolean hdfsLike = "hdfs".equals(scheme) || "webhdfs".equals(scheme) || "viewfs".equals(scheme);
    if (hdfsLike && u.getScheme() != null && u.getScheme().equals(scheme)
        && java.util.Objects.equals(u.getAuthority(), authority)) {
      try {
        fsName = fs.getCanonicalServiceName(); // the NameNode's address, or the HA nameservice
      } catch (IllegalArgumentException unresolvable) {
        fsName = null; // a host that does not resolve: its name as given
      }
    }
    if (fsName == null) fsName = u.getAuthority() == null ? "" : u.getAuthority().toLowerCase(java.util.Locale.ROOT);
    String family = u.getScheme() == null ? scheme : u.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (family.startsWith("s3")) family = "s3"; // s3://, s3a:// and s3n:// name the same buckets
    String path = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
    return family + "://" + fsName + path;
  }

  @Override
  public String realPath(String path) {
    if (!"hdfs".equals(scheme)) return path;
    try {
      return fs.resolvePath(toPath(path)).toUri().getPath();
    } catch (IOException e) {
      return path;
    }
  }

  @Override
  public boolean streamsReadOneVersion() {
    // S3A's change detection (fs.s3a.change.detection.mode, server-side by default) pins the
    // ETag of a stream's first GET on every later request of that stream
    return "s3a".equals(scheme) && !"none".equalsIgnoreCase(fs.getConf().getTrimmed("fs.s3a.change.detection.mode", "server"));
  }

  @Override
  public List<StoreEntry> list(String directory) throws IOException {
    List<StoreEntry> out = new ArrayList<>();
    RemoteIterator<FileStatus> it = fs.listStatusIterator(toPath(directory));
    while (it.hasNext()) {
      FileStatus s = it.next();
      out.add(entry(s));
    }
    return out;
  }

  /** S3A lists a prefix flat, with its empty-folder markers, through listFilesAndEmptyDirectories. */
  @Override
  public java.util.Iterator<StoreEntry> listTree(String directory) throws IOException {
    if (!"s3a".equals(scheme)) return null;
    RemoteIterator<? extends FileStatus> it;
    try {
      @SuppressWarnings("unchecked")
      RemoteIterator<? extends FileStatus> found = (RemoteIterator<? extends FileStatus>) fs.getClass()
          .getMethod("listFilesAndEmptyDirectories", Path.class, boolean.class).invoke(fs, toPath(directory), true);
      it = found;
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new IOException(e.getCause());
    } catch (ReflectiveOperationException e) {
      return null;
    }
    String base = toPath(directory).toUri().getPath();
    String prefix = base.endsWith("/") ? base : base + "/";
    return new java.util.Iterator<>() {
      private StoreEntry next;

      @Override
      public boolean hasNext() {
        try {
          while (next == null && it.hasNext()) {
            FileStatus s = it.next();
            String p = s.getPath().toUri().getPath();
            if (!p.startsWith(prefix)) continue; // the folder's own marker
            String rel = p.substring(prefix.length());
            next = s.isDirectory() ? StoreEntry.directory(rel, s.getModificationTime())
                : StoreEntry.object(rel, s.getLen(), s.getModificationTime(), etag(s));
          }
          return next != null;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public StoreEntry next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        StoreEntry e = next;
        next = null;
        return e;
      }
    };
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
  public OutputStream createNew(String path) throws IOException {
    try {
      return fs.create(toPath(path), false, IO_BUFFER);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new java.nio.file.FileAlreadyExistsException(path);
    } catch (org.apache.hadoop.ipc.RemoteException e) {
      IOException unwrapped = e.unwrapRemoteException(org.apache.hadoop.fs.FileAlreadyExistsException.class);
      if (unwrapped instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
        throw new java.nio.file.FileAlreadyExistsException(path);
      }
      throw unwrapped;
    }
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
    try {
      if (fs.rename(src, dst)) return;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      // hadoop-aliyun says so instead of returning false: replaced below
    }
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
    if ("oss".equals(scheme)) return OssStorageClass.abortUploads(fs, path); // hadoop-aliyun has no uploader
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
  public boolean cheapToRead() {
    return !objectStore;
  }

  @Override
  public boolean recordsOnCreate() {
    return "s3a".equals(scheme);
  }

  @Override
  public OutputStream create(String path, CopyRecord record) throws IOException {
    if (record == null || !recordsOnCreate()) return create(path);
    // S3A sends fs.s3a.create.header.<name> as x-amz-meta-<name>, on the PUT or the multipart initiation
    org.apache.hadoop.fs.FSDataOutputStreamBuilder<?, ?> b = fs.createFile(toPath(path)).overwrite(true).recursive()
        .bufferSize(IO_BUFFER);
    b.opt("fs.s3a.create.header." + CopyRecord.NAME, record.format());
    return b.build();
  }

  @Override
  public void record(String path, CopyRecord record) throws IOException {
    if (objectStore) return;
    try {
      fs.setXAttr(toPath(path), "user." + CopyRecord.NAME, record.format().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (UnsupportedOperationException e) {
      // no extended attributes here: the next update compares as it would without a record
    }
  }

  @Override
  public CopyRecord recorded(String path) throws IOException {
    Map<String, byte[]> x = recordAttributes(path);
    byte[] v = x == null ? null : x.get(recordKey());
    return v == null ? null : CopyRecord.parse(new String(v, java.nio.charset.StandardCharsets.UTF_8));
  }

  private String recordKey() {
    return "s3a".equals(scheme) ? "header." + CopyRecord.NAME : "user." + CopyRecord.NAME;
  }

  /** The attributes a record lives in: S3A's headers (one HEAD), HDFS's extended attributes (one call). */
  private Map<String, byte[]> recordAttributes(String path) throws IOException {
    if (!"s3a".equals(scheme) && objectStore) return null;
    try {
      return fs.getXAttrs(toPath(path));
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  @Override
  public ContentChecksum contentChecksum(String path) throws IOException {
    switch (scheme) {
      case "hdfs": {
        FileChecksum c = fs.getFileChecksum(toPath(path));
        if (c == null || !"COMPOSITE-CRC32C".equals(c.getAlgorithmName()) || c.getBytes().length != 4) return null;
        byte[] b = c.getBytes();
        long v = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        return new ContentChecksum(ContentChecksum.CRC32C, v, "HDFS composite CRC");
      }
      case "oss": {
        NativeChecksum n = ossCrc64(path);
        return n == null ? null : new ContentChecksum(ContentChecksum.CRC64ECMA, Long.parseUnsignedLong(n.value(), 16),
            "OSS CRC-64");
      }
      case "s3a": {
        Map<String, byte[]> x = recordAttributes(path);
        byte[] v = x == null ? null : x.get(recordKey());
        CopyRecord r = v == null ? null : CopyRecord.parse(new String(v, java.nio.charset.StandardCharsets.UTF_8));
        byte[] len = x == null ? null : x.get("header.Content-Length");
        if (r == null || r.crc32c() < 0 || len == null) return null;
        // the record was written with the object; one of another length is not its record
        if (Long.parseLong(new String(len, java.nio.charset.StandardCharsets.UTF_8).strip()) != r.sourceLength()) {
          return null;
        }
        return new ContentChecksum(ContentChecksum.CRC32C, r.crc32c(), "recorded at copy");
      }
      default:
        return null;
    }
  }

  @Override
  public boolean trash(String path) throws IOException {
    Path p = toPath(path);
    if (!objectStore && org.apache.hadoop.fs.Trash.moveToAppropriateTrash(fs, p, fs.getConf())) return true;
    if (!fs.delete(p, true) && fs.exists(p)) throw new IOException("Cannot delete " + p);
    return false;
  }

  @Override
  public OutputStream create(String path, FileMeta like) throws IOException {
    if (like == null || objectStore || (like.blockSize() <= 0 && like.replication() <= 0)) return create(path);
    Path p = toPath(path);
    short replication = like.replication() > 0 ? like.replication() : fs.getDefaultReplication(p);
    long blockSize = like.blockSize() > 0 ? like.blockSize() : fs.getDefaultBlockSize(p);
    return fs.create(p, true, IO_BUFFER, replication, blockSize);
  }

  @Override
  public FileMeta meta(String path) throws IOException {
    Path p = toPath(path);
    FileStatus st = fs.getFileStatus(p);
    if (objectStore) return FileMeta.NONE;
    java.util.Map<String, byte[]> xattrs = java.util.Map.of();
    List<String> acl = List.of();
    try {
      xattrs = new java.util.TreeMap<>(fs.getXAttrs(p));
    } catch (UnsupportedOperationException | IOException e) {
      // a filesystem without extended attributes
    }
    if (st.hasAcl()) {
      try {
        acl = fs.getAclStatus(p).getEntries().stream().map(org.apache.hadoop.fs.permission.AclEntry::toStringStable)
            .toList();
      } catch (UnsupportedOperationException | IOException e) {
        // no ACLs here
      }
    }
    return new FileMeta(st.getOwner(), st.getGroup(), st.getPermission().toShort() & 07777, st.getModificationTime(),
        st.getAccessTime(), st.isFile() ? st.getReplication() : (short) -1, st.isFile() ? st.getBlockSize() : -1,
        xattrs, acl);
  }

  @Override
  public List<String> applyMeta(String path, FileMeta m) throws IOException {
    if (objectStore) return List.of(scheme + " objects keep no owner, group, permission, times, xattrs or ACLs");
    Path p = toPath(path);
    List<String> warnings = new ArrayList<>();
    if (m.owner() != null || m.group() != null) {
      try {
        fs.setOwner(p, m.owner(), m.group());
      } catch (org.apache.hadoop.security.AccessControlException e) {
        warnings.add("owner and group not set (only a superuser may change them)");
      } catch (IOException e) {
        warnings.add("owner and group not set: " + firstLine(e));
      }
    }
    if (!m.acl().isEmpty()) {
      try {
        fs.modifyAclEntries(p, org.apache.hadoop.fs.permission.AclEntry.parseAclSpec(String.join(",", m.acl()), true));
      } catch (UnsupportedOperationException | IOException e) {
        warnings.add("ACLs not set: " + firstLine(e));
      }
    }
    // after the ACL entries: with an ACL the group bits are its mask, which adding entries recomputes
    if (m.permission() >= 0) fs.setPermission(p, new org.apache.hadoop.fs.permission.FsPermission((short) m.permission()));
    for (java.util.Map.Entry<String, byte[]> x : m.xattrs().entrySet()) {
      try {
        fs.setXAttr(p, x.getKey(), x.getValue());
      } catch (UnsupportedOperationException | IOException e) {
        warnings.add("extended attribute " + x.getKey() + " not set: " + firstLine(e));
      }
    }
    if (m.replication() > 0) {
      try {
        FileStatus st = fs.getFileStatus(p);
        if (st.isFile() && st.getReplication() != m.replication()) fs.setReplication(p, m.replication());
      } catch (UnsupportedOperationException | IOException e) {
        warnings.add("replication not set: " + firstLine(e));
      }
    }
    if (m.modificationTime() >= 0) {
      try {
        fs.setTimes(p, m.modificationTime(), m.accessTime() > 0 ? m.accessTime() : -1);
      } catch (UnsupportedOperationException | IOException e) {
        warnings.add("times not set: " + firstLine(e));
      }
    }
    return warnings;
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void storageClass(String path, String storageClass) throws IOException {
    if (storageClass == null || !"oss".equals(scheme)) return; // S3A sets it as it writes
    OssStorageClass.apply(fs, path, storageClass);
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
