package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;

import java.io.Serializable;

/**
 * What a copy task returns to the driver: a failed file's outcome, or one written part of a large
 * file (its handle, or the error that stopped it).
 */
public record TaskRow(CopyOutcome failure, int partedFile, int part, byte[] partHandle, long bytes, String error)
    implements Serializable {

  static TaskRow failure(CopyOutcome o) {
    return new TaskRow(o, -1, 0, null, 0, null);
  }

  static TaskRow part(int file, int part, byte[] handle, long bytes) {
    return new TaskRow(null, file, part, handle, bytes, null);
  }

  static TaskRow partFailed(int file, int part, String error) {
    return new TaskRow(null, file, part, null, 0, error);
  }

  public boolean isPart() {
    return partedFile >= 0;
  }
}
