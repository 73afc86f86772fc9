package dev.ferry.engine.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The local filesystem through java.nio. Hadoop's local filesystem forks a shell for every
 * permission it reads or sets on machines without the native Hadoop library and writes a
 * {@code .crc} side file per file; this store does neither.
 */
public final class LocalStore implements Store {

  @Override
  public String scheme() {
    return "file";
  }

  static Path of(String path) {
    return Path.of(path);
  }

  @Override
  public StoreEntry stat(String path) throws IOException {
    Path p = of(path);
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
    return entry(Store.name(path), a, null);
  }

  private static StoreEntry entry(String name, BasicFileAttributes a, String linkTarget) {
    long mtime = a.lastModifiedTime().toMillis();
    if (a.isDirectory()) return new StoreEntry(name, StoreEntry.Kind.DIRECTORY, 0, mtime, linkTarget);
    if (a.isRegularFile()) return StoreEntry.file(name, a.size(), mtime);
    return new StoreEntry(name, StoreEntry.Kind.SPECIAL, 0, mtime, null);
  }

  @Override
  public List<StoreEntry> list(String directory) throws IOException {
    List<StoreEntry> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(of(directory))) {
      for (Path child : ds) {
        String name = child.getFileName().toString();
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(child, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          // vanished since the directory was read: skip; a dangling symbolic link: list it as an
          // empty file so that its copy fails and is counted instead of silently dropped
          if (!Files.exists(child, LinkOption.NOFOLLOW_LINKS)) continue;
          out.add(StoreEntry.file(name, 0, 0));
          continue;
        } catch (java.nio.file.FileSystemException e) {
          // a link that loops on itself (ELOOP): a file that cannot be read, so its copy fails
          out.add(StoreEntry.file(name, 0, 0));
          continue;
        }
        String target = a.isDirectory() && Files.isSymbolicLink(child) ? realPath(child) : null;
        out.add(entry(name, a, target));
      }
    }
    return out;
  }

  @Override
  public boolean cheapToRead() {
    return true;
  }

  /**
   * An in-place rewrite that restores the modification time still moves the change time, which
   * nobody can set back: a record is valid only while its file's change time is at most the bound
   * written into it. Setting the attribute moves the change time itself, so the bound is the change
   * time just before the attribute is set plus this slack, in the filesystem's own clock (a network
   * filesystem's server sets it: the local clock could be off by more). A rewrite by another writer
   * within this slack after the record, keeping length and modification time, is the one case not
   * seen.
   */
  static final long RECORD_CTIME_SLACK_NANOS = 50_000_000L;

  /** The local file's identity for a record: size, modification time in nanoseconds, inode. */
  private static String identity(java.util.Map<String, Object> a) {
    return a.get("size") + ":" + nanos((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")) + ":" + a.get("ino");
  }

  private static java.util.Map<String, Object> identityAttributes(Path p) throws IOException {
    return Files.readAttributes(p, "unix:size,lastModifiedTime,ino,ctime");
  }

  private static long ctime(java.util.Map<String, Object> a) {
    return nanos((java.nio.file.attribute.FileTime) a.get("ctime"));
  }

  @Override
  public void record(String path, CopyRecord record) throws IOException {
    Path p = of(path);
    var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class);
    if (view == null) return;
    try {
      // the record holds the file's size, time and inode, and a bound on its change time. A file
      // last changed long ago, or a thread descheduled between reading and setting, gives a record
      // that does not validate: it is set again from the change time its setting left
      java.util.Map<String, Object> a = identityAttributes(p);
      for (int attempt = 0; attempt < 3; attempt++) {
        long bound = ctime(a) + RECORD_CTIME_SLACK_NANOS;
        view.write(CopyRecord.NAME, java.nio.ByteBuffer.wrap(record.withDestination(identity(a) + ":" + bound).format()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        a = identityAttributes(p);
        if (ctime(a) <= bound) return;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // a filesystem without user extended attributes: the next update compares as without a record
    }
  }

  @Override
  public CopyRecord recorded(String path) throws IOException {
    Path p = of(path);
    var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class);
    if (view == null) return null;
    CopyRecord r;
    try {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(view.size(CopyRecord.NAME));
      view.read(CopyRecord.NAME, buf);
      r = CopyRecord.parse(new String(buf.array(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    // extended attributes survive an in-place rewrite: a record whose file changed since is not its
    // record (another size, time or inode, or a change time after the record was made; records of
    // earlier versions, without the bound, are not trusted either)
    if (r == null || r.destination() == null) return null;
    java.util.Map<String, Object> a = identityAttributes(p);
    String identity = identity(a) + ":"; // then the bound
    if (!r.destination().startsWith(identity)) return null;
    try {
      return ctime(a) <= Long.parseLong(r.destination().substring(identity.length())) ? r : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public ContentChecksum contentChecksum(String path) throws IOException {
    CopyRecord r = recorded(path);
    return r == null || r.crc32c() < 0 ? null : new ContentChecksum(ContentChecksum.CRC32C, r.crc32c(), "recorded at copy");
  }

  @Override
  public FileMeta meta(String path) throws IOException {
    Path p = of(path);
    java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(p,
        java.nio.file.attribute.PosixFileAttributes.class);
    int bits = 0;
    for (java.nio.file.attribute.PosixFilePermission perm : a.permissions()) bits |= 1 << (8 - perm.ordinal());
    java.util.Map<String, byte[]> xattrs = new java.util.TreeMap<>();
    try {
      var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class);
      if (view != null) {
        for (String name : view.list()) {
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(view.size(name));
          view.read(name, buf);
          xattrs.put("user." + name, buf.array());
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      // a filesystem without user extended attributes
    }
    return new FileMeta(a.owner().getName(), a.group().getName(), bits, a.lastModifiedTime().toMillis(),
        a.lastAccessTime().toMillis(), (short) -1, -1, xattrs, List.of());
  }

  @Override
  public List<String> applyMeta(String path, FileMeta m) throws IOException {
    Path p = of(path);
    List<String> warnings = new ArrayList<>();
    var posix = Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
    if (posix == null) return List.of("this local filesystem keeps no POSIX owner or permissions");
    var users = p.getFileSystem().getUserPrincipalLookupService();
    if (m.owner() != null) {
      try {
        var current = posix.getOwner();
        if (!current.getName().equals(m.owner())) posix.setOwner(users.lookupPrincipalByName(m.owner()));
      } catch (IOException e) {
        warnings.add("owner " + m.owner() + " not set (" + e.getClass().getSimpleName() + "; only root may change it)");
      }
    }
    if (m.group() != null) {
      try {
        var current = posix.readAttributes().group();
        if (!current.getName().equals(m.group())) posix.setGroup(users.lookupPrincipalByGroupName(m.group()));
      } catch (IOException e) {
        warnings.add("group " + m.group() + " not set (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (m.permission() >= 0) {
      java.util.Set<java.nio.file.attribute.PosixFilePermission> perms =
          java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
      for (java.nio.file.attribute.PosixFilePermission perm : java.nio.file.attribute.PosixFilePermission.values()) {
        if ((m.permission() & (1 << (8 - perm.ordinal()))) != 0) perms.add(perm);
      }
      posix.setPermissions(perms);
      if ((m.permission() & 07000) != 0) warnings.add("setuid, setgid and sticky bits not set on the local disk");
    }
    if (!m.xattrs().isEmpty()) {
      var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class);
      for (java.util.Map.Entry<String, byte[]> x : m.xattrs().entrySet()) {
        if (!x.getKey().startsWith("user.") || view == null) {
          warnings.add("extended attribute " + x.getKey() + " not set (the local disk keeps user.* ones only)");
          continue;
        }
        try {
          view.write(x.getKey().substring(5), java.nio.ByteBuffer.wrap(x.getValue()));
        } catch (IOException | UnsupportedOperationException e) {
          warnings.add("extended attribute " + x.getKey() + " not set: " + e.getMessage());
        }
      }
    }
    if (!m.acl().isEmpty()) warnings.add("ACL entries not carried to the local disk");
    if (m.modificationTime() >= 0) {
      posix.setTimes(java.nio.file.attribute.FileTime.fromMillis(m.modificationTime()),
          m.accessTime() > 0 ? java.nio.file.attribute.FileTime.fromMillis(m.accessTime()) : null, null);
    }
    return warnings;
  }

  @Override
  public String canonicalName(String existingPath) {
    return "file://" + realPath(existingPath);
  }

  @Override
  public String realPath(String path) {
    return realPath(of(path));
  }

  private static String realPath(Path link) {
    try {
      return link.toRealPath().toString();
    } catch (IOException e) {
      return link.toAbsolutePath().normalize().toString();
    }
  }

  /**
   * Length, modification time (nanoseconds where the filesystem keeps them), and the change time
   * and inode: an in-place rewrite that restores the modification time still moves the change time.
   */
  @Override
  public Fingerprint fingerprint(String path) throws IOException {
    Path p = of(path);
    try {
      java.util.Map<String, Object> a = Files.readAttributes(p, "unix:size,lastModifiedTime,ctime,ino,dev");
      long mtime = nanos((java.nio.file.attribute.FileTime) a.get("lastModifiedTime"));
      long ctime = nanos((java.nio.file.attribute.FileTime) a.get("ctime"));
      return new Fingerprint((Long) a.get("size"), mtime, "ctime " + ctime + ", inode " + a.get("dev") + ":" + a.get("ino"));
    } catch (NoSuchFileException e) {
      return null;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(p, BasicFileAttributes.class);
      } catch (NoSuchFileException missing) {
        return null;
      }
      Object key = a.fileKey();
      return new Fingerprint(a.size(), nanos(a.lastModifiedTime()), key == null ? null : "key " + key);
    }
  }

  private static long nanos(java.nio.file.attribute.FileTime t) {
    return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  @Override
  public InputStream open(String path) throws IOException {
    return Files.newInputStream(of(path));
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return write(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Opens a file for writing with the given options, creating missing parents. */
  private static OutputStream write(String path, StandardOpenOption... options) throws IOException {
    Path p = of(path);
    Path parent = p.getParent();
    if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
    OpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1, OpenOption[].class);
    all[options.length] = StandardOpenOption.WRITE;
    return Files.newOutputStream(p, all);
  }

  @Override
  public OutputStream createNew(String path) throws IOException {
    return write(path, StandardOpenOption.CREATE_NEW); // O_EXCL: atomic
  }

  @Override
  public void mkdirs(String directory) throws IOException {
    Files.createDirectories(of(directory));
  }

  @Override
  public void replace(String from, String to) throws IOException {
    try {
      Files.move(of(from), of(to), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(of(from), of(to), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public boolean delete(String path) throws IOException {
    return Files.deleteIfExists(of(path));
  }

  @Override
  public boolean deleteRecursively(String path) throws IOException {
    Path root = of(path);
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return false;
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      try (var walk = Files.walk(root)) {
        List<Path> all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        for (Path p : all) Files.deleteIfExists(p);
      }
    } else {
      Files.deleteIfExists(root);
    }
    return true;
  }

  @Override
  public void abort(OutputStream out) {
    try {
      out.close(); // local writes go to a temporary name, which the caller deletes
    } catch (IOException ignored) {
      // nothing to publish
    }
  }

  @Override
  public int abortPendingUploads(String path) {
    return -1;
  }

  @Override
  public InputStream openAt(String path, long offset) throws IOException {
    java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(of(path), StandardOpenOption.READ);
    ch.position(offset);
    return java.nio.channels.Channels.newInputStream(ch);
  }

  /** Parts are written at their offsets into one sparse file (executors share this disk). */
  @Override
  public PartAssembly partAssembly(String directory) {
    return new PartAssembly() {
      @Override
      public byte[] start(String target, long length) throws IOException {
        Path p = of(target);
        if (p.getParent() != null) Files.createDirectories(p.getParent());
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
          f.setLength(length);
        }
        return new byte[0];
      }

      @Override
      public byte[] putPart(byte[] upload, String target, int partNumber, long offset, InputStream in, long length)
          throws IOException {
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(of(target), StandardOpenOption.WRITE)) {
          byte[] buf = new byte[1 << 20];
          long pos = offset;
          long left = length;
          while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) throw new java.io.EOFException("source ended " + left + " bytes before the end of part " + partNumber);
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) pos += out.write(bb, pos);
            left -= n;
          }
          out.force(false);
        }
        return java.nio.ByteBuffer.allocate(8).putLong(length).array();
      }

      @Override
      public void complete(byte[] upload, String target, java.util.List<byte[]> parts) {
        // the bytes are in place
      }

      @Override
      public void abort(byte[] upload, String target) {
        try {
          Files.deleteIfExists(of(target));
        } catch (IOException ignored) {
          // the sweep removes it
        }
      }
    };
  }

  @Override
  public NativeChecksum nativeChecksum(String path) {
    return null;
  }

  @Override
  public void close() {
  }
}
