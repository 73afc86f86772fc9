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

  @Override
  Result run(JobContext context) {
    return CopyJob.run(context);
  }
}
