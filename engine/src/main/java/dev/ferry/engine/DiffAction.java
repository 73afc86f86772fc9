package dev.ferry.engine;

import dev.ferry.engine.spec.Operation;
import org.apache.spark.sql.SparkSession;

/**
 * A comparison of two trees, configured fluently and run by {@link #execute()}; writes nothing.
 * The result's counters are the diff counters; {@link JobResult#outcomes()} holds the differing
 * and failed paths.
 */
public final class DiffAction extends FerryAction<DiffAction> {

  DiffAction(SparkSession spark) {
    super(spark, Operation.DIFF);
  }
}
