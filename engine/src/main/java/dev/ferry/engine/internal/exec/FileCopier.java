package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;

import dev.ferry.engine.Counter;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.LocalStore;
import dev.ferry.engine.internal.store.PartAssembly;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.Fingerprint;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.TemporaryNames;
import dev.ferry.engine.internal.spec.Codecs;
import dev.ferry.engine.internal.store.ContentChecksum;
import dev.ferry.engine.internal.store.CopyRecord;
import dev.ferry.engine.internal.store.FileMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies or skips one file on an executor: write to a temporary name beside the target, verify
 * the length (and the stores' checksums where they are comparable), then move it into place. A
 * destination file is therefore always absent, the previous version or a complete copy.
 */
public final class FileCopier {
  private static final Logger LOG = LoggerFactory.getLogger(FileCopier.class);
  private static final int BUFFER = 1 << 20;
  private static final long LOCAL_CHUNK = 8L << 20;
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[BUFFER]);
  /** Further attempts at a file whose source changed while it was read. */
  static final int CHANGED_RETRIES = 2;

  private final ResolvedJob job;
  private final Store source;
  private final Store destination;
  private final CounterSink counters;
  private final BandwidthThrottle throttle;
  private final String tempPrefix;
  private final AtomicLong sequence = new AtomicLong();
  private final boolean bothLocal;
  private final Configuration conf;
  private final ResolvedJob.Options options;

  public FileCopier(ResolvedJob job, Configuration conf, Store source, Store destination, CounterSink counters,
                    BandwidthThrottle throttle, long taskAttemptId) {
    this.job = job;
    this.conf = conf;
    this.options = job.options();
    this.source = source;
    this.destination = destination;
    this.counters = counters;
    this.throttle = throttle;
    this.tempPrefix = TemporaryNames.filePrefix(job.jobId(), taskAttemptId);
    this.bothLocal = source instanceof LocalStore && destination instanceof LocalStore && options.codecs() == null;
  }

  /**
   * Does one item's work and counts it; returns its outcome line, or null for work that is not
   * a file (a folder made, a leftover removed).
   */
  public CopyOutcome process(WorkItem item) {
    String rel = item.path();
    long length = item.length();
    switch (item.decision()) {
      case MKDIR:
        makeDirectory(rel);
        return null;
      case LEFTOVER:
        removeLeftover(rel);
        return null;
      case DELETE:
        return null; // the driver deletes, after the copies
      default:
        break;
    }
    counters.increment(Counter.FILES_EXPECTED);
    counters.add(Counter.BYTES_EXPECTED, length);
    // a file --codec encodes or decodes: the item's note holds its source name
    String etag = dev.ferry.engine.internal.plan.ListedEntry.etag(item.note());
    boolean transformed = options.codecs() != null && item.note() != null && etag == null
        && item.decision() != CopyDecision.SPECIAL && item.decision() != CopyDecision.UNLISTABLE;
    String srcPath = job.sourcePath(transformed ? item.note() : rel);
    String dstPath = job.destinationPath(rel);
    String writePath = job.writePath(rel);
    String reason = null;
    switch (item.decision()) {
      case SPECIAL:
        return skipped(rel, 0, item.note());
      case UNLISTABLE:
        counters.increment(Counter.COPY_FAILED);
        return new CopyOutcome(rel, CopyOutcome.COPY, CopyOutcome.FAILED, 0, "listed", item.note());
      case SKIP:
        return finish(skipped(rel, length, "same length at destination (checksum disabled)"), srcPath, dstPath, length);
      case COPY:
        if (transformed || !job.revalidate() || job.operation() != Operation.UPDATE || !sameLengthNow(dstPath, length)) {
          break;
        }
        if (job.disableChecksum() && !options.deleteOnSuccess()) {
          return finish(skipped(rel, length, "same length at destination (checksum disabled)"), srcPath, dstPath, length);
        }
        // planned from an older listing, the file was copied meanwhile: compare as the plan would now
      case COMPARE:
        if (options.trustModificationTime() && !transformed && !options.deleteOnSuccess()
            && unchangedSinceRecorded(srcPath, dstPath, length)) {
          return finish(skipped(rel, length, "same length and modification time as recorded at its last copy "
              + "(--trustModificationTime)"), srcPath, dstPath, length);
        }
        ChecksumComparison.Comparison c = transformed ? compareDecoded(srcPath, dstPath)
            : ChecksumComparison.compare(source, srcPath, destination, dstPath, length, etag);
        if (c.result() == ChecksumComparison.Result.MATCH) {
          return finish(skipped(rel, length, transformed ? "same decoded content" : "same length and content"),
              srcPath, dstPath, length);
        }
        reason = c.result() == ChecksumComparison.Result.MISMATCH
            ? "content differs at destination" : "could not compare (" + c.reason() + ")";
        break;
      default:
        break;
    }
    if (reason == null) reason = job.operation() == Operation.COPY ? "copy" : "missing or of another length at destination";
    FileMeta meta = FileMeta.NONE;
    if (options.preserveMeta()) {
      try {
        meta = source.meta(srcPath);
      } catch (IOException | RuntimeException e) {
        meta = FileMeta.NONE; // the copy fails on the source itself if it is gone
      }
    }
    return finish(copy(rel, srcPath, writePath, length, reason, transformed, meta), srcPath, writePath, length,
        meta == FileMeta.NONE ? null : meta);
  }

  /**
   * What follows a file that is now at the destination (copied, or found equal): the storage class
   * (--policy), the metadata (--preserveMeta), and the source's deletion (--deleteOnSuccess).
   * None of it turns a good copy into a failure; what could not be done is said in the outcome.
   */
  private CopyOutcome finish(CopyOutcome o, String srcPath, String dstPath, long length) {
    return finish(o, srcPath, dstPath, length, null);
  }

  /** @param meta the source's metadata when it was read for the copy (null: read it here) */
  private CopyOutcome finish(CopyOutcome o, String srcPath, String dstPath, long length, FileMeta meta) {
    if (o.failed()) return o;
    boolean copied = CopyOutcome.COPY.equals(o.action());
    List<String> notes = new ArrayList<>();
    if (copied && options.storageClass() != null) {
      try {
        destination.storageClass(dstPath, options.storageClass());
      } catch (IOException | RuntimeException e) {
        notes.add("storage class not set: " + e.getMessage());
      }
    }
    if (options.preserveMeta()) {
      try {
        notes.addAll(destination.applyMeta(dstPath, meta != null ? meta : source.meta(srcPath)));
      } catch (IOException | RuntimeException e) {
        notes.add("metadata not preserved: " + e.getMessage());
      }
    }
    boolean verified = copied || o.reason().startsWith("same length and content") || o.reason().startsWith("same decoded");
    if (options.deleteOnSuccess() && verified) {
      try {
        Fingerprint now = source.fingerprint(srcPath);
        if (now == null || now.length() != length) {
          notes.add("source not deleted: it changed after it was copied");
        } else {
          source.delete(srcPath);
          counters.increment(Counter.SRC_DELETED);
        }
      } catch (IOException | RuntimeException e) {
        notes.add("source not deleted: " + e.getMessage());
      }
    }
    if (notes.isEmpty()) return o;
    for (String n : notes) warnOnce(n);
    return new CopyOutcome(o.path(), o.action(), o.status(), o.bytes(), o.reason() + "; " + String.join("; ", notes),
        o.error());
  }

  private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static void warnOnce(String note) {
    if (WARNED.size() < 1000 && WARNED.add(note)) LOG.warn("{}", note);
  }

  private ChecksumComparison.Comparison compareDecoded(String srcPath, String dstPath) {
    Codecs codecs = options.codecs();
    return ChecksumComparison.compareDecoded(source, srcPath, codecs.sourceCodec(Store.name(srcPath), conf), destination,
        dstPath, codecs.destinationCodec(Store.name(dstPath), conf));
  }


  private boolean sameLengthNow(String dstPath, long length) {
    try {
      StoreEntry e = destination.stat(dstPath);
      return e != null && !e.directory() && e.length() == length;
    } catch (IOException e) {
      return false;
    }
  }

  /** A folder of the source missing at the destination; a failure here shows in the files' copies. */
  private void makeDirectory(String rel) {
    try {
      destination.mkdirs(job.writePath(rel));
    } catch (IOException | UncheckedIOException e) {
      // the copies of the files in it create it or fail themselves; an empty folder is retried by an update
    }
  }

  /** A temporary of an earlier, killed job (a file, or the folder its parts were assembled in). */
  private void removeLeftover(String rel) {
    try {
      destination.deleteRecursively(Store.join(job.destination().path(), rel));
    } catch (IOException | UncheckedIOException e) {
      // the next update finds it again
    }
  }

  /**
   * Writes one part of a large file. Counters are the driver's, once the whole file is assembled;
   * this returns the part's handle, or its error.
   */
  public TaskRow copyPart(String rel, long offset, long length, int part, int file, PartTarget target) {
    String srcPath = job.sourcePath(rel);
    try {
      PartAssembly assembly = destination.partAssembly(Store.parent(target.target()));
      if (assembly == null) throw new IOException("the destination cannot assemble parts");
      try (InputStream in = new ThrottledInput(source.openAt(srcPath, offset), this::moved, length)) {
        byte[] handle = assembly.putPart(target.upload(), target.target(), part, offset, in, length);
        return TaskRow.part(file, part, handle, length);
      }
    } catch (IOException | UncheckedIOException e) {
      return TaskRow.partFailed(file, part, e.toString());
    }
  }

  private CopyOutcome skipped(String rel, long length, String reason) {
    counters.increment(Counter.FILES_SKIPPED);
    counters.add(Counter.BYTES_SKIPPED, length);
    return new CopyOutcome(rel, CopyOutcome.SKIP, CopyOutcome.OK, length, reason, null);
  }

  private CopyOutcome copy(String rel, String srcPath, String dstPath, long length, String reason, boolean transformed,
                           FileMeta meta) {
    boolean direct = job.directWrite();
    String target = direct ? dstPath : Store.join(Store.parent(dstPath), tempPrefix + sequence.incrementAndGet() + ".tmp");
    for (int attempt = 1; ; attempt++) {
      try {
        return copyOnce(rel, srcPath, dstPath, target, length, reason, transformed, meta);
      } catch (SourceChangedException e) {
        if (!direct) deleteQuietly(target);
        if (!e.retryable() || attempt > CHANGED_RETRIES) {
          counters.increment(Counter.COPY_FAILED);
          counters.sourceChanged();
          return new CopyOutcome(rel, CopyOutcome.COPY, CopyOutcome.SOURCE_CHANGED, 0, reason,
              e.getMessage() + (e.retryable() ? " (" + attempt + " attempts)" : ""));
        }
      } catch (IOException | UncheckedIOException e) {
        if (!direct) deleteQuietly(target);
        counters.increment(Counter.COPY_FAILED);
        // the temporary is an implementation detail: name the file the user asked for
        String error = direct ? e.toString() : e.toString().replace(target, dstPath);
        return new CopyOutcome(rel, CopyOutcome.COPY, CopyOutcome.FAILED, 0, reason, error);
      }
    }
  }

  private CopyOutcome copyOnce(String rel, String srcPath, String dstPath, String target, long length, String reason,
                               boolean transformed, FileMeta meta) throws IOException {
    boolean direct = job.directWrite();
    Fingerprint before = null;
    if (!source.streamsReadOneVersion()) {
      before = source.fingerprint(srcPath); // null when it is gone (or a dangling link): opening it says so
      if (before != null && before.length() != length) {
        throw new SourceChangedException("source changed after it was listed (listed " + length + " bytes, now "
            + before.length() + "); an update copies its new version", false);
      }
    }
    Fingerprint expected = before;
    Unchanged unchanged = expected == null ? () -> { } : () -> {
      Fingerprint after = source.fingerprint(srcPath);
      if (!expected.equals(after)) {
        throw new SourceChangedException("source changed while it was read (before: " + expected.describe()
            + "; after: " + (after == null ? "removed" : after.describe()) + ")", true);
      }
    };
    // what is recorded with the copy (a CRC-32C computed on the way, the source's length and time), so
    // that the next update checks the source against it instead of reading the destination
    long srcMtime = before != null ? before.modificationTime() : sourceTime(srcPath);
    CopyRecord pre = null;
    if (!transformed && destination.recordsOnCreate()) {
      pre = new CopyRecord(knownCrc32c(srcPath, length), length, srcMtime, null); // S3: sent with the object
    }
    if (transformed) {
      long written = transferCoded(srcPath, target, length, unchanged);
      // another encoding: no checksum of the stores compares; the length is what was written
      return CopyCommit.promoteTransformed(new CopyCommit.Written(rel, srcPath, target, dstPath, written, direct),
          destination, reason, counters, length);
    }
    java.util.zip.CRC32C crc = bothLocal ? null : new java.util.zip.CRC32C();
    long written = bothLocal ? transferLocal(srcPath, target, length, unchanged)
        : transfer(srcPath, target, length, unchanged, meta, pre, crc);
    // transferLocal checked the length of the open file already
    CopyOutcome o = CopyCommit.verifyAndPromote(new CopyCommit.Written(rel, srcPath, target, dstPath, written, direct),
        source, destination, bothLocal, reason, counters);
    if (!o.failed() && crc != null && pre == null) {
      try {
        destination.record(dstPath, new CopyRecord(crc.getValue(), length, srcMtime, null));
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not record the copy of {}: {}", dstPath, e.toString()); // the next update reads both sides
      }
    }
    return o;
  }

  /** The source's modification time, for the record (-1 when it cannot be had). */
  private long sourceTime(String srcPath) {
    try {
      StoreEntry e = source.stat(srcPath);
      return e == null ? -1 : e.modificationTime();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The source's CRC-32C before it is copied, for a store that takes the record with the object
   * (S3): kept by the source's store (HDFS's composite CRC, an earlier record), else computed by
   * reading a cheap source (local disk) once more; -1 for an object-store source (not read twice).
   */
  private long knownCrc32c(String srcPath, long length) {
    try {
      ContentChecksum k = source.contentChecksum(srcPath);
      if (k != null && k.algorithm().equals(ContentChecksum.CRC32C)) return k.value();
      if (!source.cheapToRead()) return -1;
      return ChecksumComparison.compute(source, srcPath, ContentChecksum.CRC32C, length).value();
    } catch (IOException | RuntimeException e) {
      return -1; // the copy itself finds out what is wrong with the source
    }
  }

  /**
   * --trustModificationTime: the destination's record says it is a verified copy of a source of
   * this length and modification time, and the source still has them.
   */
  private boolean unchangedSinceRecorded(String srcPath, String dstPath, long length) {
    try {
      CopyRecord r = destination.recorded(dstPath);
      if (r == null || r.sourceLength() != length || r.sourceMtime() < 0) return false;
      Fingerprint f = source.streamsReadOneVersion() ? null : source.fingerprint(srcPath);
      long mtime = f != null ? f.modificationTime() : sourceTime(srcPath);
      return mtime == r.sourceMtime() && (f == null || f.length() == length);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Checks, after the last byte was read and before the copy is published, that the source is the version read. */
  private interface Unchanged {
    void check() throws IOException;
  }

  /** The source is not the version that was listed, or changed while it was read. */
  static final class SourceChangedException extends IOException {
    private final boolean retryable;

    SourceChangedException(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    boolean retryable() {
      return retryable;
    }
  }

  /**
   * Streams the source into {@code target}. The length and the source's version are checked
   * before the output is closed: on an object store closing publishes the object, so a short,
   * failed or mixed copy is aborted instead.
   */
  private long transfer(String srcPath, String target, long expected, Unchanged unchanged, FileMeta meta,
                        CopyRecord record, java.util.zip.CRC32C crc) throws IOException {
    byte[] buf = BUFFERS.get();
    long total = 0;
    OutputStream out = null;
    boolean complete = false;
    try (InputStream in = source.open(srcPath)) {
      out = record != null ? destination.create(target, record)
          : meta == FileMeta.NONE ? destination.create(target) : destination.create(target, meta);
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (n == 0) continue;
        moved(n);
        out.write(buf, 0, n);
        crc.update(buf, 0, n);
        total += n;
      }
      checkLength(expected, total);
      unchanged.check();
      if (record != null && record.crc32c() >= 0 && record.crc32c() != crc.getValue()) {
        throw new SourceChangedException("source changed between its checksum and its copy (CRC-32C "
            + String.format("%08x", record.crc32c()) + " before, " + String.format("%08x", crc.getValue()) + " copied)", true);
      }
      complete = true;
    } finally {
      if (out != null) {
        if (complete) {
          out.close();
        } else {
          destination.abort(out);
        }
      }
    }
    return total;
  }

  /**
   * --codec: reads the source (counting its raw bytes against the listed length), decodes it when
   * its name names a codec, encodes it with the target codec, and returns the bytes written.
   */
  private long transferCoded(String srcPath, String target, long expected, Unchanged unchanged) throws IOException {
    Codecs codecs = options.codecs();
    CompressionCodec from = codecs.sourceCodec(Store.name(srcPath), conf);
    CompressionCodec to = codecs.target(conf);
    byte[] buf = BUFFERS.get();
    OutputStream raw = null;
    boolean complete = false;
    try (CountingInput counted = new CountingInput(source.open(srcPath));
         InputStream in = ChecksumComparison.decoded(counted, from)) {
      raw = destination.create(target);
      CountingOutput written = new CountingOutput(raw);
      OutputStream out = written;
      org.apache.hadoop.io.compress.CompressionOutputStream encoder = to == null ? null : to.createOutputStream(written);
      if (encoder != null) out = encoder;
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (n == 0) continue;
        moved(n);
        out.write(buf, 0, n);
      }
      if (encoder != null) encoder.finish();
      out.flush();
      checkLength(expected, counted.count);
      unchanged.check();
      complete = true;
      return written.count;
    } finally {
      if (raw != null) {
        if (complete) {
          raw.close();
        } else {
          destination.abort(raw);
        }
      }
    }
  }

  private static final class CountingInput extends java.io.FilterInputStream {
    long count;

    CountingInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count += n;
      return n;
    }
  }

  /** Counts what reaches the destination; closing it does not close the destination stream. */
  private static final class CountingOutput extends OutputStream {
    private final OutputStream out;
    long count;

    CountingOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() {
      // the caller closes (publishes) or aborts the destination stream itself
    }
  }

  /** Bytes moved: waits for the bandwidth budget and shows in the job's progress while a large file is copied. */
  private void moved(long n) throws java.io.InterruptedIOException {
    if (throttle != null) throttle.acquire(n);
    counters.streamed(n);
  }

  private static void checkLength(long expected, long read) throws IOException {
    if (read != expected) {
      throw new SourceChangedException("source changed while it was read: listed " + expected + " bytes, read " + read,
          true);
    }
  }

  /**
   * Local to local: the kernel moves the bytes (sendfile), with no buffer in the JVM and no more
   * system calls per file than open, transfer, size and close.
   */
  private long transferLocal(String srcPath, String tmp, long expected, Unchanged unchanged) throws IOException {
    Path target = Path.of(tmp);
    try (FileChannel in = FileChannel.open(Path.of(srcPath), StandardOpenOption.READ);
         FileChannel out = openForWrite(target)) {
      long size = in.size();
      long total = 0;
      while (total < size) {
        long n = in.transferTo(total, Math.min(LOCAL_CHUNK, size - total), out);
        if (n <= 0) break; // truncated while copying: the length check reports it
        moved(n);
        total += n;
      }
      if (out.size() != total) {
        throw new IOException("destination holds " + out.size() + " bytes after writing " + total);
      }
      checkLength(expected, total);
      unchanged.check();
      return total;
    }
  }

  private static FileChannel openForWrite(Path target) throws IOException {
    try {
      return FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (java.nio.file.NoSuchFileException e) {
      // the planner creates directories up front; a single-file destination's parent may be missing
      java.nio.file.Files.createDirectories(target.getParent());
      return FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
    }
  }

  private void deleteQuietly(String path) {
    try {
      destination.delete(path);
    } catch (IOException | RuntimeException ignored) {
      // the driver's sweep removes what is left
    }
  }
}
