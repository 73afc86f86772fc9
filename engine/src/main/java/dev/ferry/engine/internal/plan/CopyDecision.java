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
  PART;

  /**
   * The pure decision table.
   *
   * @param destination the destination entry at the same relative path, or null when absent
   */
  public static CopyDecision decide(Operation operation, long sourceLength, FileEntry destination,
                                    boolean disableChecksum) {
    if (operation == Operation.COPY) return COPY;
    if (destination == null || destination.directory()) return COPY;
    if (destination.length() != sourceLength) return COPY;
    return disableChecksum ? SKIP : COMPARE;
  }
}
