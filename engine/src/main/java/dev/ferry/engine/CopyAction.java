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

  /**
   * Compresses files with a Hadoop codec on their way (gzip, snappy, lz4, bzip2, deflate, zstd;
   * lzo/lzop with hadoop-lzo), {@code none} decompresses them, {@code keep} (the default) copies bytes.
   * The destination names get or lose the codec's extension.
   */
  CopyAction codec(String codec);

  /** The storage class of written objects: Standard, IA, Archive, ColdArchive (or an S3 class); object stores only. */
  CopyAction storageClass(String storageClass);

  /** A move: each source file is deleted once its copy is verified; emptied source folders are removed. */
  CopyAction deleteOnSuccess();

  /** Nothing of a failed job is visible at the destination: files are staged and published at the end. */
  CopyAction transaction();

  /** Carries owner, group, permission, times and, where both sides have them, replication, block size, xattrs and ACLs. */
  CopyAction preserveMeta();

  /**
   * Also deletes destination files and folders the source does not have (to the destination's
   * trash where it has one), after the copies and only when none failed.
   */
  CopyAction syncSourceDelete();

  /** With {@link #syncSourceDelete()}: refuse (before writing anything) to delete more than this many paths; -1: no limit. */
  CopyAction maxDeletes(long max);

  /** Where the job keeps its staging (outcomes, listings, and a transaction's files when on the destination's store). */
  CopyAction stagingRoot(String dir);

  /** Runs the copy as Spark jobs of at most this many files each. */
  CopyAction jobBatch(long files);

  /** Spark tasks of at most this many files each. */
  CopyAction taskBatch(int files);

  /**
   * An update skips a file whose source has the length and modification time recorded with its
   * last verified copy, without comparing contents (rclone's speed; misses a rewrite that keeps
   * both). Files without a record are compared as always.
   */
  CopyAction trustModificationTime();

  /**
   * At the end of the job, writes {@code name} (it must end in .gz) into the destination folder: a
   * gzip file of JSON lines, one per file this run copied ({@code path} relative to the destination,
   * {@code source} relative to the source, {@code size}, {@code modificationTime} of the copy,
   * {@code crc32c} where the copy recorded one). Written under a temporary name and renamed.
   */
  CopyAction outputManifest(String name);

  /**
   * The manifest an earlier run wrote with {@link #outputManifest}: the files it lists are taken as
   * already copied (neither compared nor copied again). A missing manifest fails the job unless
   * {@link #requirePreviousManifest(boolean) requirePreviousManifest(false)}.
   */
  CopyAction previousManifest(String uri);

  /** Whether a missing {@link #previousManifest} fails the job (true, the default) or is ignored. */
  CopyAction requirePreviousManifest(boolean required);

  /** With {@link #previousManifest}: copy exactly the files it lists, without listing the source. */
  CopyAction copyFromManifest();

  /**
   * An update that reads the difference between two HDFS snapshots of the source (the destination
   * was made from {@code from}) and applies it: renames, deletions, and copies of created and
   * modified files from snapshot {@code to}, without listing either tree.
   */
  CopyAction snapshotDiff(String from, String to);

  /**
   * Merges small files while copying: files whose path (relative to the source, or else the whole
   * URI) matches {@code regex} are concatenated, in the order of their paths, into one destination
   * file per value of the regex's capture groups (their values joined name it, relative to the
   * destination); other files are copied as they are. With {@link #codec} the merged file is encoded.
   */
  CopyAction groupBy(String regex);

  /** With {@link #groupBy}: merged files of at most this many MiB (a larger single file stays whole). */
  CopyAction targetSizeMiB(long mib);

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
   * @param filesToDelete destination files whose source is gone, deleted by --syncSourceDelete
   * @param directoriesToDelete destination folders whose source is gone, deleted by --syncSourceDelete
   */
  record Plan(long files, long bytes, long filesToCopy, long bytesToCopy, long filesToCompare, long filesToSkip,
              long directoriesToCreate, int partedFiles, int parts, int partitions, long filesToDelete,
              long directoriesToDelete) {
  }
}
