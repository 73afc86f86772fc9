package dev.ferry.engine.internal;

import dev.ferry.engine.CommitMode;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Operation;
import org.apache.spark.sql.SparkSession;

/** {@link CopyAction} on Spark. */
public final class SparkCopyAction extends SparkJobAction<CopyAction, CopyAction.Result> implements CopyAction {

  /** @param spark the session to run on, or null for the one active when the job runs */
  public SparkCopyAction(SparkSession spark) {
    super(spark, Operation.COPY);
  }

  @Override public CopyAction update() { spec.operation(Operation.UPDATE); return this; }
  @Override public CopyAction bandwidthMBps(double mbps) { spec.bandwidthMBps(mbps); return this; }
  @Override public CopyAction commitMode(CommitMode mode) { spec.commitMode(mode); return this; }
  @Override public CopyAction cleanupUploads() { spec.cleanupUploads(true); return this; }
  @Override public CopyAction codec(String codec) { spec.codec(codec); return this; }
  @Override public CopyAction storageClass(String storageClass) { spec.storageClass(storageClass); return this; }
  @Override public CopyAction deleteOnSuccess() { spec.deleteOnSuccess(true); return this; }
  @Override public CopyAction transaction() { spec.transaction(true); return this; }
  @Override public CopyAction preserveMeta() { spec.preserveMeta(true); return this; }
  @Override public CopyAction syncSourceDelete() { spec.syncSourceDelete(true); return this; }
  @Override public CopyAction maxDeletes(long max) { spec.maxDeletes(max); return this; }
  @Override public CopyAction stagingRoot(String dir) { spec.stagingRoot(dir); return this; }
  @Override public CopyAction jobBatch(long files) { spec.jobBatch(files); return this; }
  @Override public CopyAction taskBatch(int files) { spec.taskBatch(files); return this; }
  @Override public CopyAction trustModificationTime() { spec.trustModificationTime(true); return this; }
  @Override public CopyAction outputManifest(String name) { spec.outputManifest(name); return this; }
  @Override public CopyAction previousManifest(String uri) { spec.previousManifest(uri); return this; }
  @Override public CopyAction requirePreviousManifest(boolean required) { spec.requirePreviousManifest(required); return this; }
  @Override public CopyAction copyFromManifest() { spec.copyFromManifest(true); return this; }
  @Override public CopyAction snapshotDiff(String from, String to) { spec.snapshotDiff(from, to); return this; }
  @Override public CopyAction groupBy(String regex) { spec.groupBy(regex); return this; }
  @Override public CopyAction targetSizeMiB(long mib) { spec.targetSizeMiB(mib); return this; }

  @Override
  Result run(JobContext context) {
    return CopyJob.run(context);
  }
}
