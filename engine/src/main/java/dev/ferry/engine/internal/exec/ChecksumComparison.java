package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.store.Store;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;
import dev.ferry.engine.internal.store.ContentChecksum;
import dev.ferry.engine.internal.store.NativeChecksum;

/**
 * Three-valued comparison of two files' contents. Unlike DistCp, a checksum that is missing or not
 * comparable is never taken as equal: when the two stores do not keep checksums of the same
 * algorithm over the same content definition, both files are read, compared byte for byte, and
 * their CRC32C (hardware-accelerated) is reported.
 */
public final class ChecksumComparison {
  private static final int CHUNK = 1 << 20;

  /**
   * From this length on, a local source is checked against the object's record before its listed
   * ETag: one HEAD and a CRC-32C (about 0.3 ms per MiB, mostly reading) instead of an MD5 (about 3 ms per MiB
   * without the C2 compiler, which bin/ferry leaves off for a faster start).
   */
  static final long RECORD_BEFORE_ETAG = 1 << 20;

  /** The outcome of one comparison. */
  public enum Result { MATCH, MISMATCH, UNAVAILABLE }

  /**
   * A result, the two checksums compared (such as {@code COMPOSITE-CRC32C:...} or
   * {@code CRC32C:...}), and the reason when the contents could not be compared.
   */
  public record Comparison(Result result, String sourceChecksum, String destinationChecksum, String reason) {
    static Comparison of(boolean same, String a, String b) {
      return new Comparison(same ? Result.MATCH : Result.MISMATCH, a, b, null);
    }
  }

  private ChecksumComparison() {
  }

  /**
   * The stores' own checksums when both are of one kind and keep one that compares whatever the
   * block or part sizes (HDFS COMPOSITE_CRC, OSS CRC64, S3 ETags with care), else null.
   */
  public static Comparison compareNative(Store a, String pathA, Store b, String pathB) throws IOException {
    if (!a.scheme().equals(b.scheme()) || "file".equals(a.scheme())) return null;
    NativeChecksum ca = a.nativeChecksum(pathA);
    if (ca == null) return null;
    NativeChecksum cb = b.nativeChecksum(pathB);
    if (cb == null || !ca.algorithm().equals(cb.algorithm())) return null;
    boolean same = ca.value().equals(cb.value());
    if (!same && !(ca.definitive() && cb.definitive())) return null; // e.g. ETags of other part sizes
    return Comparison.of(same, ca.describe(), cb.describe());
  }

  /**
   * Compares two files of different encodings (--codec): each is decoded by its codec (null: as
   * it is) and the decoded bytes are compared.
   */
  public static Comparison compareDecoded(Store a, String pathA, org.apache.hadoop.io.compress.CompressionCodec codecA,
                                          Store b, String pathB, org.apache.hadoop.io.compress.CompressionCodec codecB) {
    try (InputStream ia = decoded(a.open(pathA), codecA); InputStream ib = decoded(b.open(pathB), codecB)) {
      byte[] ba = new byte[(int) CHUNK];
      byte[] bb = new byte[ba.length];
      while (true) {
        int na = ia.readNBytes(ba, 0, ba.length);
        int nb = ib.readNBytes(bb, 0, bb.length);
        if (na != nb || !java.util.Arrays.equals(ba, 0, na, bb, 0, nb)) return new Comparison(Result.MISMATCH, null, null, null);
        if (na == 0) return new Comparison(Result.MATCH, null, null, null);
      }
    } catch (IOException | RuntimeException e) {
      return new Comparison(Result.UNAVAILABLE, null, null, e.toString());
    }
  }

  /** {@code raw} decoded by {@code codec}, or as it is when there is none. */
  public static InputStream decoded(InputStream raw, org.apache.hadoop.io.compress.CompressionCodec codec)
      throws IOException {
    if (codec == null) return raw;
    try {
      return codec.createInputStream(raw);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Compares two files of equal listed length. */
  public static Comparison compare(Store a, String pathA, Store b, String pathB, long length) {
    return compare(a, pathA, b, pathB, length, null);
  }

  /**
   * Compares two files of equal listed length; {@code etagB} is the destination object's ETag from
   * its listing (or null): a single-part ETag is the MD5 of the content, so a source whose MD5
   * (read from a local disk) equals it is the same without asking the object store anything. An
   * ETag that differs proves nothing (encrypted objects have other ETags): the ladder goes on.
   */
  public static Comparison compare(Store a, String pathA, Store b, String pathB, long length, String etagB) {
    // two empty objects are equal without a request; a local "empty file" may be a dangling
    // link listed as one, so local files are opened (cheap) and an unreadable one fails
    if (length == 0 && !"file".equals(a.scheme()) && !"file".equals(b.scheme())) {
      return Comparison.of(true, "CRC32C:00000000", "CRC32C:00000000");
    }
    try {
      Comparison o = compareNative(a, pathA, b, pathB);
      if (o != null) return o;
      // from a local disk (HDFS keeps a CRC that checks against the record without reading anything)
      boolean etag = etagB != null && "file".equals(a.scheme()) && etagB.matches("[0-9a-fA-F]{32}");
      // a large file: the destination's kept checksum (one request) and the source's CRC-32C
      // (hardware) cost less than its MD5, which the JVM computes in plain Java; asked once
      boolean keptFirst = etag && length >= RECORD_BEFORE_ETAG;
      ContentChecksum kb = keptFirst ? b.contentChecksum(pathB) : null;
      if (etag && kb == null) {
        String md5 = md5(a, pathA, length);
        if (md5.equalsIgnoreCase(etagB)) return Comparison.of(true, "MD5:" + md5 + " (read)", "MD5:" + etagB + " (ETag)");
      }
      o = compareOneSide(a, pathA, b, pathB, length, keptFirst ? kb : b.contentChecksum(pathB));
      if (o != null) return o;
      return compareContent(a, pathA, b, pathB, length);
    } catch (IOException e) {
      return new Comparison(Result.UNAVAILABLE, null, null, e.toString());
    }
  }

  /**
   * The middle of the evidence ladder: one side keeps a content checksum (HDFS's composite CRC,
   * OSS's CRC-64, the CRC-32C Ferry recorded with an S3 or local copy); the other side's is taken
   * from its store in the same algorithm, or computed by reading that side alone, preferring to
   * read the cheap side (local disk, HDFS) over an object store. Null when neither side keeps one.
   *
   * @param kb the destination's kept checksum, already asked of its store (null: it keeps none)
   */
  static Comparison compareOneSide(Store a, String pathA, Store b, String pathB, long length, ContentChecksum kb)
      throws IOException {
    ContentChecksum ka = a.contentChecksum(pathA);
    if (ka == null && kb == null) return null;
    if (ka != null && kb != null && ka.algorithm().equals(kb.algorithm())) return of(ka, kb);
    // read one side: the one without a kept checksum; with both kept (other algorithms), the cheap one
    if (kb != null && (ka == null || a.cheapToRead() || !b.cheapToRead())) {
      return of(compute(a, pathA, kb.algorithm(), length), kb);
    }
    return of(ka, compute(b, pathB, ka.algorithm(), length));
  }

  /** The MD5 of a file, read once; a length other than the listed one throws. */
  static String md5(Store s, String path, long length) throws IOException {
    java.security.MessageDigest md;
    try {
      md = java.security.MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    long read = 0;
    try (InputStream in = s.open(path)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        md.update(buf, 0, n);
        read += n;
      }
    }
    if (read != length) throw new IOException(path + " changed while it was compared: " + read + " bytes, listed " + length);
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  private static Comparison of(ContentChecksum a, ContentChecksum b) {
    return Comparison.of(a.value() == b.value(), a.describe(), b.describe());
  }

  /** Reads one file and computes its checksum in {@code algorithm}; a length other than the listed one throws. */
  static ContentChecksum compute(Store s, String path, String algorithm, long length) throws IOException {
    java.util.zip.Checksum c = algorithm.equals(ContentChecksum.CRC32C) ? new CRC32C() : new Crc64Ecma();
    byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    long read = 0;
    try (InputStream in = s.open(path)) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        c.update(buf, 0, n);
        read += n;
      }
    }
    if (read != length) throw new IOException(path + " changed while it was compared: " + read + " bytes, listed " + length);
    return new ContentChecksum(algorithm, c.getValue(), "read");
  }

  static Comparison compareContent(Store a, String pathA, Store b, String pathB, long length) throws IOException {
    byte[] ba = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    byte[] bb = new byte[ba.length];
    CRC32C ca = new CRC32C();
    CRC32C cb = new CRC32C();
    boolean same = true;
    long readA = 0;
    long readB = 0;
    try (InputStream ia = a.open(pathA); InputStream ib = b.open(pathB)) {
      while (true) {
        int na = readUpTo(ia, ba);
        int nb = readUpTo(ib, bb);
        if (na <= 0 && nb <= 0) break;
        if (na > 0) {
          ca.update(ba, 0, na);
          readA += na;
        }
        if (nb > 0) {
          cb.update(bb, 0, nb);
          readB += nb;
        }
        if (same && (na != nb || !Arrays.equals(ba, 0, na, bb, 0, nb))) same = false;
      }
    } catch (EOFException e) {
      same = false;
    }
    // a file that grew or shrank since listing is not "the same"
    if (readA != length || readB != length) same = false;
    return Comparison.of(same, "CRC32C:" + hex(ca.getValue()), "CRC32C:" + hex(cb.getValue()));
  }

  private static String hex(long crc) {
    return String.format("%08x", crc);
  }

  /** Fills the buffer unless the stream ends first; returns the bytes read, -1 at once at the end. */
  private static int readUpTo(InputStream in, byte[] buf) throws IOException {
    int off = 0;
    while (off < buf.length) {
      int r = in.read(buf, off, buf.length - off);
      if (r < 0) return off == 0 ? -1 : off;
      off += r;
    }
    return off;
  }
}
