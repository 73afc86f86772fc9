package dev.ferry.engine.internal.plan;

/** What the planner of a diff decides for one path before any content is read. */
public enum DiffDecision {
  /** The source file has no file counterpart at the destination. */
  DST_MISS,
  /** Both exist with different lengths. */
  LENGTH_DIFF,
  /** Same length: compare checksums or contents on an executor. */
  COMPARE,
  /** Same length and checksums disabled: counted as the same. */
  SAME_LENGTH,
  /** A file only at the destination: logged, not counted (DIFF_FILES keeps JindoDistCp's meaning). */
  DST_ONLY,
  /** A directory only at the destination: logged, not counted. */
  DST_ONLY_DIR,
  /** The source file's directory at the destination could not be listed: DIFF_FAILED. */
  UNREADABLE,
  /** A source folder that could not be listed, or a link loop: DIFF_FAILED, with the reason. */
  UNLISTABLE,
  /** A source entry that is not a regular file: logged as SKIPPED, not counted. */
  SPECIAL;

  /**
   * The pure decision table.
   *
   * @param destination the destination entry at the same relative path, or null when absent
   */
  public static DiffDecision decide(long sourceLength, ListedEntry destination, boolean disableChecksum) {
    if (destination == null || !destination.isFile()) return DST_MISS;
    if (destination.length() != sourceLength) return LENGTH_DIFF;
    return disableChecksum ? SAME_LENGTH : COMPARE;
  }

  public long cost(long length) {
    return this == COMPARE ? 2 * length + PartitionPacker.FILE_OVERHEAD : PartitionPacker.NO_IO_COST;
  }
}
