package dev.ferry.engine.internal;

import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Operation;
import org.apache.spark.sql.SparkSession;

/** {@link DiffAction} on Spark. */
public final class SparkDiffAction extends SparkJobAction<DiffAction, DiffAction.Result> implements DiffAction {

  /** @param spark the session to run on, or null for the one active when the job runs */
  public SparkDiffAction(SparkSession spark) {
    super(spark, Operation.DIFF);
  }

  @Override
  Result run(JobContext context) {
    return DiffJob.run(context);
  }
}
