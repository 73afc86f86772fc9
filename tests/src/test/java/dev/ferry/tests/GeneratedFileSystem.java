package dev.ferry.tests;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A test-only filesystem ({@code gen://tree/any/root}, register with {@code fs.gen.impl}) that
 * serves a generated tree without touching the disk, so that tests and benchmarks can plan,
 * compare and copy millions of entries: under every root, {@code gen.dirs} folders {@code d00000..}
 * share {@code gen.files} files {@code f000000000..}; file {@code i} is
 * {@code (i * 7919) % (gen.size.max + 1)} bytes long (all empty by default) and its byte at
 * offset {@code o} is {@code (i * 31 + o) & 0xff}. The same relative name has the same metadata
 * and content under every root, so two roots compare equal.
 *
 * <p>Writes are discarded (a copy's destination): a file being written is remembered only until
 * it is renamed or deleted; renamed or not, a generated name then reads as generated, which is
 * what a complete copy holds. Every directory listing is counted per JVM in
 * {@code gen.listing.log} (a folder; one file per process id), so a test can tell which JVMs
 * listed.
 */
public class GeneratedFileSystem extends FileSystem {
  private static final Pattern FILE = Pattern.compile("f(\\d{9})");
  private static final Pattern DIR = Pattern.compile("d(\\d{5})");
  private URI uri;
  private long files;
  private int dirs;
  private long maxSize;
  private Path listingLog;
  private final Map<String, Long> writing = new ConcurrentHashMap<>();

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    this.uri = URI.create(name.getScheme() + "://" + name.getAuthority());
    this.files = conf.getLong("gen.files", 1000);
    this.dirs = Math.max(1, conf.getInt("gen.dirs", 10));
    this.maxSize = conf.getLong("gen.size.max", 0);
    String log = conf.get("gen.listing.log");
    this.listingLog = log == null ? null : Path.of(log);
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public String getScheme() {
    return "gen";
  }

  static long length(long index, long maxSize) {
    return maxSize <= 0 ? 0 : (index * 7919) % (maxSize + 1);
  }

  static int byteAt(long index, long offset) {
    return (int) ((index * 31 + offset) & 0xff);
  }

  private long filesIn(int dir) {
    long per = files / dirs;
    long extra = files % dirs;
    return per + (dir < extra ? 1 : 0);
  }

  private long firstIn(int dir) {
    long per = files / dirs;
    long extra = files % dirs;
    return dir * per + Math.min(dir, extra);
  }

  /** The generated file index a path names, or -1. */
  private long fileIndex(org.apache.hadoop.fs.Path p) {
    Matcher f = FILE.matcher(p.getName());
    org.apache.hadoop.fs.Path parent = p.getParent();
    if (!f.matches() || parent == null || !DIR.matcher(parent.getName()).matches()) return -1;
    long i = Long.parseLong(f.group(1));
    return i < files ? i : -1;
  }

  private FileStatus fileStatus(org.apache.hadoop.fs.Path p, long length) {
    return new FileStatus(length, false, 1, 128L << 20, 0, makeQualified(p));
  }

  private FileStatus dirStatus(org.apache.hadoop.fs.Path p) {
    return new FileStatus(0, true, 1, 0, 0, makeQualified(p));
  }

  @Override
  public FileStatus getFileStatus(org.apache.hadoop.fs.Path p) throws IOException {
    Long inFlight = writing.get(p.toUri().getPath());
    if (inFlight != null) return fileStatus(p, inFlight);
    long i = fileIndex(p);
    if (i >= 0) return fileStatus(p, length(i, maxSize));
    if (FILE.matcher(p.getName()).matches() || p.getName().startsWith(".") || p.getName().startsWith("_ferry")) {
      throw new FileNotFoundException(p.toString());
    }
    return dirStatus(p);
  }

  @Override
  public FileStatus[] listStatus(org.apache.hadoop.fs.Path p) throws IOException {
    countListing();
    Matcher d = DIR.matcher(p.getName());
    if (d.matches()) {
      int dir = Integer.parseInt(d.group(1));
      long first = firstIn(dir);
      long n = filesIn(dir);
      FileStatus[] out = new FileStatus[(int) n];
      for (int k = 0; k < n; k++) {
        long i = first + k;
        out[k] = fileStatus(new org.apache.hadoop.fs.Path(p, String.format("f%09d", i)), length(i, maxSize));
      }
      return out;
    }
    if (fileIndex(p) >= 0) throw new IOException(p + " is a file");
    FileStatus[] out = new FileStatus[dirs];
    for (int k = 0; k < dirs; k++) out[k] = dirStatus(new org.apache.hadoop.fs.Path(p, String.format("d%05d", k)));
    return out;
  }

  private void countListing() {
    if (listingLog == null) return;
    try {
      Files.createDirectories(listingLog);
      Files.writeString(listingLog.resolve(Long.toString(ProcessHandle.current().pid())), "l\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public FSDataInputStream open(org.apache.hadoop.fs.Path p, int bufferSize) throws IOException {
    long i = fileIndex(p);
    if (i < 0) throw new FileNotFoundException(p.toString());
    long len = length(i, maxSize);
    return new FSDataInputStream(new Generated(i, len));
  }

  @Override
  public FSDataOutputStream create(org.apache.hadoop.fs.Path p, FsPermission permission, boolean overwrite, int bufferSize,
                                   short replication, long blockSize, Progressable progress) {
    String key = p.toUri().getPath();
    writing.put(key, 0L);
    OutputStream discard = new OutputStream() {
      @Override
      public void write(int b) {
        writing.merge(key, 1L, Long::sum);
      }

      @Override
      public void write(byte[] b, int off, int n) {
        writing.merge(key, (long) n, Long::sum);
      }
    };
    return new FSDataOutputStream(discard, statistics);
  }

  @Override
  public FSDataOutputStream append(org.apache.hadoop.fs.Path p, int bufferSize, Progressable progress) {
    throw new UnsupportedOperationException("append");
  }

  @Override
  public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) {
    writing.remove(src.toUri().getPath());
    return true;
  }

  @Override
  public boolean delete(org.apache.hadoop.fs.Path p, boolean recursive) {
    return writing.remove(p.toUri().getPath()) != null;
  }

  @Override
  public void setWorkingDirectory(org.apache.hadoop.fs.Path dir) {
  }

  @Override
  public org.apache.hadoop.fs.Path getWorkingDirectory() {
    return new org.apache.hadoop.fs.Path(uri.toString() + "/");
  }

  @Override
  public boolean mkdirs(org.apache.hadoop.fs.Path p, FsPermission permission) {
    return true;
  }

  /** A generated file's bytes, with seek for parts read by several tasks. */
  private static final class Generated extends FSInputStream {
    private final long index;
    private final long length;
    private long pos;

    Generated(long index, long length) {
      this.index = index;
      this.length = length;
    }

    @Override
    public void seek(long p) throws IOException {
      if (p < 0 || p > length) throw new EOFException("seek to " + p + " of " + length);
      pos = p;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public int read() {
      if (pos >= length) return -1;
      return byteAt(index, pos++);
    }

    @Override
    public int read(byte[] b, int off, int n) {
      if (pos >= length) return -1;
      int k = (int) Math.min(n, length - pos);
      for (int j = 0; j < k; j++) b[off + j] = (byte) byteAt(index, pos + j);
      pos += k;
      return k;
    }
  }
}
