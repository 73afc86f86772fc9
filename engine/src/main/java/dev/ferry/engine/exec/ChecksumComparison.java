package dev.ferry.engine.exec;

import dev.ferry.engine.store.Store;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.fs.FileChecksum;

/**
 * Three-valued comparison of two files' contents. Unlike DistCp, a checksum that is missing or not
 * comparable is never taken as equal: when the two stores do not keep checksums of the same
 * algorithm over the same content definition, both files are read and compared byte for byte.
 */
public final class ChecksumComparison {
  private static final int CHUNK = 1 << 20;

  /** The outcome of one comparison. */
  public enum Result { MATCH, MISMATCH, UNAVAILABLE }

  /** A result with the reason when the contents could not be compared. */
  public record Outcome(Result result, String reason) {
    static final Outcome MATCH = new Outcome(Result.MATCH, null);
    static final Outcome MISMATCH = new Outcome(Result.MISMATCH, null);
  }

  private ChecksumComparison() {
  }

  /** True when both stores keep checksums that are comparable whatever the block sizes. */
  public static boolean nativeComparable(Store a, Store b) {
    return "hdfs".equals(a.scheme()) && "hdfs".equals(b.scheme());
  }

  /**
   * The stores' own checksums when both have one of the same algorithm (HDFS with
   * COMPOSITE_CRC), else null.
   */
  public static Outcome compareNative(Store a, String pathA, Store b, String pathB) throws IOException {
    if (!nativeComparable(a, b)) return null;
    FileChecksum ca = a.checksum(pathA);
    FileChecksum cb = b.checksum(pathB);
    if (ca == null || cb == null || !ca.getAlgorithmName().equals(cb.getAlgorithmName())) return null;
    if (!ca.getAlgorithmName().startsWith("COMPOSITE-")) return null; // block-size dependent
    return ca.equals(cb) ? Outcome.MATCH : Outcome.MISMATCH;
  }

  /** Compares two files of equal listed length. */
  public static Outcome compare(Store a, String pathA, Store b, String pathB, long length) {
    try {
      Outcome o = compareNative(a, pathA, b, pathB);
      if (o != null) return o;
      return compareContent(a, pathA, b, pathB, length);
    } catch (IOException e) {
      return new Outcome(Result.UNAVAILABLE, e.toString());
    }
  }

  static Outcome compareContent(Store a, String pathA, Store b, String pathB, long length) throws IOException {
    byte[] ba = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    byte[] bb = new byte[ba.length];
    try (InputStream ia = a.open(pathA); InputStream ib = b.open(pathB)) {
      long left = length;
      while (left > 0) {
        int n = (int) Math.min(ba.length, left);
        readFully(ia, ba, n, pathA);
        readFully(ib, bb, n, pathB);
        if (!Arrays.equals(ba, 0, n, bb, 0, n)) return Outcome.MISMATCH;
        left -= n;
      }
      // both must end here too: a file that grew since listing is not "the same"
      boolean aMore = ia.read() >= 0;
      boolean bMore = ib.read() >= 0;
      return aMore == bMore && !aMore ? Outcome.MATCH : Outcome.MISMATCH;
    } catch (EOFException e) {
      return Outcome.MISMATCH; // shorter than listed
    }
  }

  private static void readFully(InputStream in, byte[] buf, int n, String path) throws IOException {
    int off = 0;
    while (off < n) {
      int r = in.read(buf, off, n - off);
      if (r < 0) throw new EOFException(path);
      off += r;
    }
  }
}
