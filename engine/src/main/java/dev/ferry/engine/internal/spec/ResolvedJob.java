package dev.ferry.engine.internal.spec;

import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.Serializable;
import java.util.List;

/**
 * A job checked against the filesystems, as executors need it: qualified locations, what the
 * source is, the filters read from their files, and the few settings tasks use. Serializable and
 * free of configuration values (those travel in the broadcast Hadoop configuration).
 *
 * @param sourceIsFile true when the source is a single file, copied to the destination path
 * @param destinationExisted something was at the destination path when the job started
 * @param excludes regular expressions; a path matching one (whole match, against its qualified
 *     URI or its path relative to the source) is left out, with everything below it
 * @param prefixes when not empty, only files whose path relative to the source starts with one of
 *     these are taken
 * @param stagingDir the job's own working folder (listings of large trees; the outcome lines when
 *     no log was asked for), removed when the job ends
 * @param outcomeDir where executors write the per-file outcome lines: the log folder, or the staging
 * @param staged the outcome folder is the job's own staging (no log was asked for)
 * @param directWrite copies are written under their final names (object stores), not renamed
 * @param taskThreads files a task works on at once; 0 lets Ferry choose per store
 * @param bandwidthMBps write limit per executor; 0 means none
 * @param revalidate the plan came from an earlier run's listing: a file planned as missing or
 *     different at the destination is looked at again before it is copied
 * @param options what JindoDistCp's further flags ask of the job
 */
public record ResolvedJob(
    String jobId,
    Operation operation,
    StoreLocation source,
    StoreLocation destination,
    boolean sourceIsFile,
    boolean destinationExisted,
    List<String> excludes,
    List<String> prefixes,
    StoreLocation stagingDir,
    StoreLocation outcomeDir,
    boolean staged,
    boolean directWrite,
    boolean disableChecksum,
    int taskThreads,
    double bandwidthMBps,
    boolean revalidate,
    Options options) implements Serializable {

  /**
   * The job's further settings.
   *
   * @param includes regular expressions of paths to take (--srcPrefixesFile lines that are not plain paths)
   * @param patterns regular expressions a file's path must also match (--srcPattern)
   * @param codecs how files are compressed or decompressed on their way; null: bytes as they are
   * @param storageClass the storage class written objects get (--policy), or null
   * @param deleteOnSuccess delete each source file once its copy is verified
   * @param preserveMeta copy owner, group, permission, times, replication, block size, xattrs, ACLs
   * @param syncSourceDelete delete at the destination what the source does not have
   * @param maxDeletes refuse to delete more than this many paths (-1: no limit)
   * @param transactionDir where a transaction stages its files (on the destination's filesystem), or null
   * @param jobBatch files per Spark job (0: one job)
   * @param taskBatch files per Spark task (0: Ferry's choice)
   * @param trustModificationTime an update skips a file whose source has the length and
   *     modification time recorded with its last verified copy, without comparing contents
   */
  public record Options(List<String> includes, List<String> patterns, Codecs codecs, String storageClass,
                        boolean deleteOnSuccess, boolean preserveMeta, boolean syncSourceDelete, long maxDeletes,
                        StoreLocation transactionDir, long jobBatch, int taskBatch, boolean trustModificationTime)
      implements Serializable {
    /** A job with none of them. */
    public static Options none() {
      return new Options(List.of(), List.of(), null, null, false, false, false, -1, null, 0, 0, false);
    }
  }

  /** This job, planned from an earlier run's listing. */
  public ResolvedJob revalidating() {
    return new ResolvedJob(jobId, operation, source, destination, sourceIsFile, destinationExisted, excludes, prefixes,
        stagingDir, outcomeDir, staged, directWrite, disableChecksum, taskThreads, bandwidthMBps, true, options);
  }

  /** True when a transaction stages the job's files and publishes them at the end. */
  public boolean transaction() {
    return options.transactionDir() != null;
  }

  /**
   * Where a file (or folder) of the destination is written: its place, or its place in the
   * transaction's staging.
   */
  public String writePath(String destinationRel) {
    if (!transaction()) return destinationPath(destinationRel);
    String txn = options.transactionDir().path();
    return sourceIsFile ? Store.join(txn, Store.name(destination.path())) : Store.join(txn, destinationRel);
  }

  /** A folder of the destination tree (relative path) where it is written: in place, or in the transaction's staging. */
  public String writeFolder(String rel) {
    return Store.join(transaction() ? options.transactionDir().path() : destination.path(), rel);
  }

  /** The source file at a path relative to the source root ("" for a single-file source). */
  public String sourcePath(String rel) {
    return sourceIsFile ? source.path() : Store.join(source.path(), rel);
  }

  /** Where that file goes. */
  public String destinationPath(String rel) {
    return sourceIsFile ? destination.path() : Store.join(destination.path(), rel);
  }
}
