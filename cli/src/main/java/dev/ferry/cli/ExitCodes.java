package dev.ferry.cli;

/** The process exit codes of DESIGN.md. */
public final class ExitCodes {
  /** The job ran; nothing failed and (diff) no difference. */
  public static final int OK = 0;
  /** The job ran; COPY_FAILED &gt; 0, or (diff) DIFF_FILES &gt; 0 or DIFF_FAILED &gt; 0. */
  public static final int FAILURES = 1;
  /** Bad usage or input; nothing was written. */
  public static final int USAGE = 2;
  /** The job started and was aborted by an unexpected error. */
  public static final int ABORTED = 3;

  private ExitCodes() {
  }
}
