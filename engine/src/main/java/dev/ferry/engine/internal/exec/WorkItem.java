package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.plan.CopyDecision;

/**
 * One unit of a copy task's work, whichever way the plan reached the task (a batch packed on the
 * driver, or a row of the distributed plan).
 *
 * @param path relative to the source root
 * @param length the file's length, or for a PART the part's
 * @param offset for a PART, where it starts in the file
 * @param part for a PART, its number from 1
 * @param partedFile for a PART, the index of its file in the job's parted files; else -1
 * @param note the reason, for SPECIAL and UNLISTABLE
 */
public record WorkItem(String path, CopyDecision decision, long length, long offset, int part, int partedFile,
                       String note) implements java.io.Serializable {

  public static WorkItem of(String path, CopyDecision decision, long length, String note) {
    return new WorkItem(path, decision, length, 0, 0, -1, note);
  }
}
