package dev.ferry.engine;

import dev.ferry.engine.Operation;
import java.util.EnumSet;
import java.util.Set;

/**
 * The stable counter names of JindoDistCp, used as Spark accumulator names, report keys and
 * alarm content. Counters count regular files (and their bytes), never directories.
 */
public enum Counter {
  COPY_FAILED,
  CHECKSUM_DIFF,
  FILES_EXPECTED,
  FILES_COPIED,
  FILES_SKIPPED,
  BYTES_SKIPPED,
  BYTES_EXPECTED,
  BYTES_COPIED,
  DIFF_FILES,
  SAME_FILES,
  DST_MISS,
  LENGTH_DIFF,
  DIFF_FAILED,
  /** Source files deleted after their copy was verified (--deleteOnSuccess only). */
  SRC_DELETED,
  /** Destination files deleted because their source is gone (--syncSourceDelete only). */
  DST_DELETED;

  private static final Set<Counter> COPY = EnumSet.of(COPY_FAILED, CHECKSUM_DIFF, FILES_EXPECTED,
      FILES_COPIED, FILES_SKIPPED, BYTES_SKIPPED, BYTES_EXPECTED, BYTES_COPIED);
  private static final Set<Counter> DIFF = EnumSet.of(DIFF_FILES, SAME_FILES, DST_MISS, LENGTH_DIFF,
      CHECKSUM_DIFF, DIFF_FAILED);

  /** The counters every report of this operation holds, in report order. */
  public static Set<Counter> of(Operation operation) {
    return operation == Operation.DIFF ? DIFF : COPY;
  }
}
