package dev.ferry.engine;

import java.io.Serializable;

/**
 * How one path compares.
 *
 * @param path relative to the source root (or destination root, for DST_ONLY)
 * @param category SAME, DST_MISS, LENGTH_DIFF, CHECKSUM_DIFF, DIFF_FAILED, or DST_ONLY / DST_ONLY_DIR
 *     (a file / directory only at the destination, not counted in DIFF_FILES), or SKIPPED (a source
 *     entry that is not a regular file, not counted)
 * @param sourceLength -1 when absent
 * @param destinationLength -1 when absent
 */
public record DiffOutcome(String path, String category, long sourceLength, long destinationLength,
                          String sourceChecksum, String destinationChecksum, String error) implements Serializable {
  public static final String SAME = "SAME";
  public static final String DST_MISS = "DST_MISS";
  public static final String LENGTH_DIFF = "LENGTH_DIFF";
  public static final String CHECKSUM_DIFF = "CHECKSUM_DIFF";
  public static final String DIFF_FAILED = "DIFF_FAILED";
  public static final String DST_ONLY = "DST_ONLY";
  public static final String DST_ONLY_DIR = "DST_ONLY_DIR";
  /** A source entry that is not a regular file (a named pipe, socket or device): logged, not counted. */
  public static final String SKIPPED = "SKIPPED";

  public boolean differs() {
    return !SAME.equals(category);
  }
}
