package dev.ferry.engine;

import java.util.List;

/**
 * A comparison of two trees, configured fluently and run by {@link #execute()}; writes nothing.
 * The result's counters are the diff counters; {@link JobResult#outcomes()} holds the differing,
 * failed and skipped paths.
 */
public interface DiffAction extends JobAction<DiffAction, DiffAction.Result> {

  /** What a diff found. */
  interface Result extends JobResult {

    Plan plan();

    /** Differing, failed and skipped paths, at most 100 per task; {@link #outcomes()} has them all. */
    List<DiffOutcome> differences();

    /** True when the trees differ or a file could not be compared. */
    default boolean hasDifferences() {
      return counter(Counter.DIFF_FILES) > 0 || counter(Counter.DIFF_FAILED) > 0;
    }
  }

  /**
   * The plan of a diff.
   *
   * @param missing source files absent at the destination
   * @param destinationOnly files only at the destination (not counted)
   */
  record Plan(long files, long bytes, long missing, long lengthDiffers, long toCompare, long destinationOnly,
              int partitions) {
  }
}
