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
    boolean revalidate) implements Serializable {

  /** This job, planned from an earlier run's listing. */
  public ResolvedJob revalidating() {
    return new ResolvedJob(jobId, operation, source, destination, sourceIsFile, destinationExisted, excludes, prefixes,
        stagingDir, outcomeDir, staged, directWrite, disableChecksum, taskThreads, bandwidthMBps, true);
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
