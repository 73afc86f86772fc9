package dev.ferry.engine;

import dev.ferry.engine.spec.CommitMode;
import dev.ferry.engine.spec.Operation;
import org.apache.spark.sql.SparkSession;

/** A copy or update, configured fluently and run by {@link #execute()}. */
public final class CopyAction extends FerryAction<CopyAction> {

  CopyAction(SparkSession spark) {
    super(spark, Operation.COPY);
  }

  /** Copy only files missing at the destination or differing in length or content. */
  public CopyAction update() { spec.operation(Operation.UPDATE); return this; }
  public CopyAction bandwidthMBps(double mbps) { spec.bandwidthMBps(mbps); return this; }
  public CopyAction ignoreFailures() { spec.ignoreFailures(true); return this; }
  /** DIRECT: write under final names; RENAME: temporary name then rename; AUTO: DIRECT on object stores. */
  public CopyAction commitMode(CommitMode mode) { spec.commitMode(mode); return this; }
  /** Abort multipart uploads left under the destination by earlier runs before copying. */
  public CopyAction cleanupUploads() { spec.cleanupUploads(true); return this; }
}
