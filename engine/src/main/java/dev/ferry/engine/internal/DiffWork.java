package dev.ferry.engine.internal;

import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;

/** A planned diff: its totals and how to run it (planned on the driver or by Spark). */
interface DiffWork extends AutoCloseable {

  DiffAction.Plan totals();

  SparkStage.StageResult<DiffOutcome> run(JobContext ctx);

  @Override
  void close();
}
