package dev.ferry.engine.internal;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.plan.PartedFile;
import java.util.List;

/**
 * A planned copy or update: its totals, the large files copied in parts, and how to run it and
 * clean up after it. Planned on the driver for small trees ({@link LocalPlan}) or by Spark for
 * large ones ({@link DistributedPlan}); the executors' work is the same.
 */
interface CopyWork extends AutoCloseable {

  CopyAction.Plan totals();

  /** Files copied in parts; the driver starts and completes their uploads. */
  List<PartedFile> partedFiles();

  /** The outcome-log partition the driver writes the parted files' lines to (no task uses it). */
  int driverPartition();

  /** The destination files (DELETE) and folders (DELETE_DIR) --syncSourceDelete deletes, by path. */
  List<dev.ferry.engine.internal.exec.WorkItem> deletions(JobContext ctx);

  /** Makes the source's folders missing at the destination, before any file is copied into them. */
  void makeFolders(JobContext ctx);

  /** Runs the copy stage; {@code targets} are the parted files' uploads, by index. */
  SparkStage.StageResult<TaskRow> run(JobContext ctx, List<PartTarget> targets);

  /** Removes Ferry's temporaries (of any job) in the folders that received files. */
  void sweep(JobContext ctx);

  /** Releases what the plan holds (cached data). */
  @Override
  void close();
}
