package dev.ferry.engine;

import java.io.Serializable;

/**
 * What happened to one source file.
 *
 * @param path the path relative to the source root ("" for a single-file source)
 * @param action COPY or SKIP
 * @param status OK, FAILED, CHECKSUM_DIFF (copied bytes did not verify) or SOURCE_CHANGED (the
 *     source changed since it was listed, or kept changing while it was read; nothing published)
 * @param bytes bytes copied (COPY) or left in place (SKIP)
 * @param reason why this action was taken
 * @param error what went wrong, for FAILED and CHECKSUM_DIFF
 */
public record CopyOutcome(String path, String action, String status, long bytes, String reason, String error)
    implements Serializable {

  public static final String COPY = "COPY";
  public static final String SKIP = "SKIP";
  public static final String OK = "OK";
  public static final String FAILED = "FAILED";
  public static final String CHECKSUM_DIFF = "CHECKSUM_DIFF";
  public static final String SOURCE_CHANGED = "SOURCE_CHANGED";

  public boolean failed() {
    return !OK.equals(status);
  }
}
