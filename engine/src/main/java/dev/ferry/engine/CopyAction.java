package dev.ferry.engine;

import java.util.List;

/**
 * A copy (or, with {@link #update()}, an update) of a tree, configured fluently and run by
 * {@link #execute()}.
 *
 * <pre>{@code
 * CopyAction.Result r = Ferry.copy(spark).source("hdfs://nn:8020/t").destination("s3a://b/t").update().execute();
 * r.counters();          // FILES_COPIED, FILES_SKIPPED, COPY_FAILED, ...
 * r.outcomes().show();   // one row per file
 * }</pre>
 */
public interface CopyAction extends JobAction<CopyAction, CopyAction.Result> {

  /** Copy only files missing at the destination or differing in length or content. */
  CopyAction update();

  /** Write limit per executor in MB/s (0: none). */
  CopyAction bandwidthMBps(double mbps);

  /** How copies get their final names; AUTO by default (DIRECT on object stores). */
  CopyAction commitMode(CommitMode mode);

  /** Abort multipart uploads left under the destination by earlier runs before copying. */
  CopyAction cleanupUploads();

  /** What a copy or update did. */
  interface Result extends JobResult {

    /** What was planned (for a dry run, all there is). */
    Plan plan();

    /** Failed files, at most 100 per task; {@link #outcomes()} has them all. */
    List<CopyOutcome> failures();

    /**
     * Files counted in COPY_FAILED because their source changed while they were copied (or since
     * they were listed); a later update takes them up.
     */
    long sourceChanged();

    /** True when some file failed. */
    default boolean hasFailures() {
      return counter(Counter.COPY_FAILED) > 0;
    }
  }

  /**
   * The plan of a copy or update.
   *
   * @param partedFiles large files copied in parts by several tasks
   * @param parts the parts of those files
   * @param partitions Spark tasks the work was packed into
   */
  record Plan(long files, long bytes, long filesToCopy, long bytesToCopy, long filesToCompare, long filesToSkip,
              long directoriesToCreate, int partedFiles, int parts, int partitions) {
  }
}
