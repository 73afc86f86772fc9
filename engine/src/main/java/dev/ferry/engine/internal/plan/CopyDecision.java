package dev.ferry.engine.internal.plan;

import dev.ferry.engine.Operation;

/** What the planner decides for one source file before any content is read. */
public enum CopyDecision {
  /** Copy it. */
  COPY,
  /** Same length at the destination: compare contents on an executor, copy when they differ. */
  COMPARE,
  /** Same length and checksums disabled: leave it. */
  SKIP,
  /** One part of a large file copied by several tasks and assembled by the driver. */
  PART,
  /** A source directory missing at the destination: created (empty folders are kept). */
  MKDIR,
  /** A named pipe, socket or device: skipped and counted, with the reason. */
  SPECIAL,
  /** A source folder that could not be listed, or a link loop: one failed entry, with the reason. */
  UNLISTABLE,
  /** A temporary an earlier, killed job left at the destination: removed. */
  LEFTOVER,
  /** A destination file the source does not have (--syncSourceDelete): deleted by the driver after the copies. */
  DELETE,
  /** A destination folder the source does not have (--syncSourceDelete): deleted with what it holds. */
  DELETE_DIR;

  /** Decisions about regular files, which the counters count. */
  public boolean countsAsFile() {
    return this == COPY || this == COMPARE || this == SKIP || this == SPECIAL || this == UNLISTABLE;
  }

  /**
   * The pure decision table.
   *
   * @param destination the destination entry at the same relative path, or null when absent
   */
  public static CopyDecision decide(Operation operation, long sourceLength, ListedEntry destination,
                                    boolean disableChecksum) {
    if (operation == Operation.COPY) return COPY;
    if (destination == null || !destination.isFile()) return COPY;
    if (destination.length() != sourceLength) return COPY;
    return disableChecksum ? SKIP : COMPARE;
  }
}
