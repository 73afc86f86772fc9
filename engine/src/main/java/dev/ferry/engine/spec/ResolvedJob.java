package dev.ferry.engine.spec;

import dev.ferry.engine.store.StoreLocation;
import java.io.Serializable;
import java.util.List;

/**
 * A {@link JobSpec} checked against the filesystems: qualified locations, what the source is, and
 * the filters read from their files. Serializable; holds no configuration values.
 *
 * @param sourceIsFile true when the source is a single file, copied to the destination path
 * @param destinationExisted something was at the destination path when the job started
 * @param excludes regular expressions; a path matching one (whole match, against its qualified
 *     URI or its path relative to the source) is left out, with everything below it
 * @param prefixes when not empty, only files whose path relative to the source starts with one of
 *     these are taken
 * @param outcomeDir where executors write the per-file outcome lines
 * @param directWrite copies are written under their final names (object stores), not renamed
 */
public record ResolvedJob(
    JobSpec spec,
    StoreLocation source,
    StoreLocation destination,
    boolean sourceIsFile,
    boolean destinationExisted,
    List<String> excludes,
    List<String> prefixes,
    StoreLocation outcomeDir,
    boolean outcomeDirIsStaging,
    boolean directWrite) implements Serializable {

  public Operation operation() {
    return spec.operation();
  }
}
