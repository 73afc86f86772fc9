package dev.ferry.engine.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.JobSpecException;
import dev.ferry.engine.internal.exec.DiffItem;
import dev.ferry.engine.internal.exec.ItemFunctions;
import dev.ferry.engine.internal.exec.ListingFunction;
import dev.ferry.engine.internal.exec.PathListingFunction;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.SerializableConfiguration;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.exec.WorkRows;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.plan.DiffDecision;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.PartSplit;
import dev.ferry.engine.internal.plan.PartedFile;
import dev.ferry.engine.internal.plan.Tally;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a large tree with Spark, so that the driver's memory does not grow with the number of
 * files: the driver lists only the top of the tree and hands the folders below to executors,
 * which write their listings as files; the two listings are paired by a join on the relative
 * path (sort-merge, spilling to disk) and each pair is decided on the executors; the work is
 * kept by Spark (memory, then disk), counted by an aggregation for the plan's totals, and spread
 * over the copy tasks by a round-robin repartition. Only the few large files copied in parts,
 * and bounded samples of failures, reach the driver.
 */
final class DistributedPlan {
  /** Entries the driver lists (per tree) before it hands the rest to executors; smaller trees are planned on the driver. */
  static final String LOCAL_MAX = "ferry.plan.local.max";
  private static final Logger LOG = LoggerFactory.getLogger(DistributedPlan.class);

  private DistributedPlan() {
  }

  /**
   * By default as many entries as the driver's heap holds with room to spare (a few hundred bytes
   * an entry, both trees): a 2 GiB heap plans a million entries a tree itself, 512 MiB a quarter of that.
   */
  static long localMax(Configuration conf) {
    return conf.getLong(LOCAL_MAX, Math.max(10_000, Math.min(1_000_000, Runtime.getRuntime().maxMemory() / 2048)));
  }

  /** Whether the destination can assemble files from parts (S3A, HDFS, the local disk). */
  static boolean canAssembleParts(JobContext ctx) {
    ResolvedJob job = ctx.job();
    ResolvedJob.Options o = job.options();
    // encoded, moved, staged, re-classed or attributed files are copied whole, each by one task
    if (o.codecs() != null || o.deleteOnSuccess() || o.preserveMeta() || o.storageClass() != null || job.transaction()) {
      return false;
    }
    StoreLocation dst = job.destination();
    String dir = job.sourceIsFile() ? Store.parent(dst.path()) : dst.path();
    try (Store store = dst.open(ctx.conf())) {
      return store.partAssembly(dir) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The rows of one tree's listing: what the driver listed, and the folders it left, listed by
   * executors; Spark writes them all as the listing's files under {@code folder} (Parquet), which
   * a rerun after a kill can reuse.
   */
  static Dataset<Row> listing(JobContext ctx, StoreLocation root, TreeLister.Walked top, boolean destination,
                              StoreLocation folder) {
    ResolvedJob job = ctx.job();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.sc());
    List<Row> driverRows = new ArrayList<>(top.entries().size());
    for (ListedEntry e : top.entries()) driverRows.add(ListingFunction.row(e));
    Broadcast<SerializableConfiguration> bc = SparkStage.broadcast(ctx);
    long t0 = System.nanoTime();
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      JavaRDD<Row> rows = jsc.parallelize(driverRows, Math.max(1, driverRows.size() / 10_000)); // tasks of ~1 MiB
      if (!top.frontier().isEmpty()) {
        int slices = Math.max(1, Math.min(top.frontier().size(), ctx.partitions()));
        rows = rows.union(jsc.parallelize(top.frontier(), slices)
            .mapPartitions(new ListingFunction(job, root, destination, bc)));
      }
      ctx.spark().createDataFrame(rows, WorkRows.LISTING).write().mode(SaveMode.Overwrite).parquet(folder.toString());
      LOG.info("Listed {} with {} folders left to executors in {} ms", root, top.frontier().size(),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      throw new JobAbortedException("Cannot list " + root + ": " + CopyJob.rootMessage(e)
          + "; nothing was written to the destination", e);
    } finally {
      bc.unpersist(false);
    }
    return read(ctx, folder);
  }

  /**
   * The listing rows of named paths only (see {@link PathListingFunction}), looked up by executors
   * and written as the listing's files under {@code folder}.
   */
  static Dataset<Row> pathListing(JobContext ctx, StoreLocation root, Dataset<String> paths, boolean destination,
                                  String missingNote, StoreLocation folder) {
    Broadcast<SerializableConfiguration> bc = SparkStage.broadcast(ctx);
    long t0 = System.nanoTime();
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      JavaRDD<Row> rows = paths.javaRDD().repartition(ctx.partitions())
          .mapPartitions(new PathListingFunction(ctx.job(), root, destination, missingNote, bc));
      ctx.spark().createDataFrame(rows, WorkRows.LISTING).write().mode(SaveMode.Overwrite).parquet(folder.toString());
      LOG.info("Looked up the named paths under {} in {} ms", root, (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      throw new JobAbortedException("Cannot look up the files under " + root + ": " + CopyJob.rootMessage(e)
          + "; nothing was written to the destination", e);
    } finally {
      bc.unpersist(false);
    }
    return read(ctx, folder);
  }

  /** The rows of the listing files under {@code folder}. */
  static Dataset<Row> read(JobContext ctx, StoreLocation folder) {
    return ctx.spark().read().schema(WorkRows.LISTING).parquet(folder.toString());
  }

  /**
   * Source and destination columns side by side: sp, sk, sl, sn, dp, dk, dl, dn. Both sides are
   * hash-partitioned by path into the job's partitions first, so the join needs no other shuffle.
   */
  static Dataset<Row> pairs(JobContext ctx, Dataset<Row> source, Dataset<Row> destination) {
    Dataset<Row> s = source.repartition(ctx.partitions(), col("p")).alias("s");
    Dataset<Row> d = destination.repartition(ctx.partitions(), col("p")).alias("d");
    return s.join(d, col("s.p").equalTo(col("d.p")), "full_outer").select(col("s.p"), col("s.k"), col("s.l"),
        col("s.n"), col("d.p"), col("d.k"), col("d.l"), col("d.n"));
  }

  static CopyWork copy(JobContext ctx, Dataset<Row> source, Dataset<Row> destination) {
    ResolvedJob job = ctx.job();
    boolean paired = destination != null;
    if (job.options().codecs() != null) {
      List<Row> twice = source.groupBy("p").count().filter(col("count").gt(1)).limit(1).collectAsList();
      if (!twice.isEmpty()) {
        throw new JobSpecException("Cannot use --codec " + job.options().codecs().name() + ": two source files would both "
            + "be written as " + twice.get(0).getString(0) + "; exclude one of them (--filters) or choose another codec");
      }
    }
    Dataset<Row> input = paired ? pairs(ctx, source, destination) : source;
    Dataset<Row> work = input.mapPartitions(new WorkRows.CopyPairs(LocalPlan.rules(job), paired),
        Encoders.row(WorkRows.COPY)).persist(StorageLevel.MEMORY_AND_DISK());
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      Tally.Copy tally = new Tally.Copy();
      for (Row r : work.groupBy("d").agg(count(lit(1)), sum("l")).collectAsList()) {
        tally.add(CopyDecision.values()[r.getInt(0)], r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2));
      }
      PartSplit split = new PartSplit(ctx.conf());
      Column large = col("d").equalTo(CopyDecision.COPY.ordinal()).and(col("l").geq(split.threshold()));
      List<WorkItem> big = new ArrayList<>();
      if (tally.plan(0, 0, 0).filesToCopy() > 0 && canAssembleParts(ctx)) {
        for (Row r : work.filter(large).collectAsList()) {
          WorkItem it = WorkRows.copyItem(r);
          if (split.splits(it)) big.add(it);
        }
      }
      PartSplit.Split parts = split.split(big);
      // the files copied in parts leave the work: the driver hands out their parts
      Column rest = parts.files().isEmpty() ? lit(true) : org.apache.spark.sql.functions.not(
          col("d").equalTo(CopyDecision.COPY.ordinal()).and(col("p").isin(big.stream().map(WorkItem::path).toArray())));
      int partitions = LocalPlan.partitions(ctx, tally.files());
      int partSlices = parts.parts().isEmpty() ? 0 : Math.min(parts.parts().size(), partitions);
      CopyAction.Plan totals = tally.plan(parts.files().size(), parts.parts().size(), partitions + partSlices);
      LOG.info("Planned {} files with Spark: {} to copy, {} to compare, {} in parts", totals.files(),
          totals.filesToCopy(), totals.filesToCompare(), parts.files().size());
      return new SparkCopyWork(totals, parts.files(), parts.parts(), work, rest, partitions, partSlices);
    } catch (JobSpecException e) {
      work.unpersist(false);
      throw e;
    } catch (RuntimeException e) {
      work.unpersist(false);
      throw new JobAbortedException("Cannot plan the copy of " + job.source() + ": " + CopyJob.rootMessage(e)
          + "; nothing was written to the destination", e);
    }
  }

  static DiffWork diff(JobContext ctx, Dataset<Row> source, Dataset<Row> destination) {
    ResolvedJob job = ctx.job();
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      List<String> unreadable = new ArrayList<>();
      for (Row r : destination.filter(col("k").equalTo(String.valueOf(ListedEntry.Kind.UNLISTABLE.code())))
          .select("p").collectAsList()) {
        unreadable.add(r.getString(0) + "/");
      }
      Dataset<Row> work = pairs(ctx, source, destination)
          .mapPartitions(new WorkRows.DiffPairs(job.disableChecksum(), unreadable), Encoders.row(WorkRows.DIFF))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Tally.Diff tally = new Tally.Diff();
      for (Row r : work.groupBy("d").agg(count(lit(1)), sum(greatest(col("sl"), lit(0L)))).collectAsList()) {
        tally.add(DiffDecision.values()[r.getInt(0)], r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2));
      }
      int partitions = ctx.partitions();
      return new SparkDiffWork(tally.plan(partitions), work, partitions);
    } catch (RuntimeException e) {
      throw new JobAbortedException("Cannot plan the diff of " + job.source() + " and " + job.destination() + ": "
          + CopyJob.rootMessage(e) + "; nothing was compared", e);
    }
  }

  private record SparkCopyWork(CopyAction.Plan totals, List<PartedFile> partedFiles, List<WorkItem> partItems,
                               Dataset<Row> work, Column rest, int partitions, int partSlices) implements CopyWork {
    @Override
    public int driverPartition() {
      return partitions + partSlices;
    }

    @Override
    public List<WorkItem> deletions(JobContext ctx) {
      if (totals.filesToDelete() + totals.directoriesToDelete() == 0) return List.of();
      List<WorkItem> out = new ArrayList<>();
      try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
        for (Row r : work.filter(col("d").isin(CopyDecision.DELETE.ordinal(), CopyDecision.DELETE_DIR.ordinal()))
            .collectAsList()) {
          out.add(WorkRows.copyItem(r));
        }
      }
      return out;
    }

    @Override
    public void makeFolders(JobContext ctx) {
      ResolvedJob job = ctx.job();
      Broadcast<SerializableConfiguration> bc = SparkStage.broadcast(ctx);
      try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
        work.filter(col("d").equalTo(CopyDecision.MKDIR.ordinal())).map((org.apache.spark.api.java.function.MapFunction<Row,
            String>) r -> r.getString(0), Encoders.STRING()).javaRDD().mapPartitions(new ItemFunctions.MakeFolders(job, bc))
            .count();
      } catch (RuntimeException e) {
        throw new JobAbortedException("Cannot create folders under " + job.destination() + ": " + CopyJob.rootMessage(e)
            + "; no file was copied, some folders may have been created", e);
      } finally {
        bc.unpersist(false);
      }
    }

    @Override
    public SparkStage.StageResult<TaskRow> run(JobContext ctx, List<PartTarget> targets) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.sc());
      JavaRDD<WorkItem> items = work.filter(rest.and(not(col("d").isin(CopyDecision.MKDIR.ordinal(),
              CopyDecision.DELETE.ordinal(), CopyDecision.DELETE_DIR.ordinal()))))
          .repartition(partitions).javaRDD().map(WorkRows::copyItem);
      if (!partItems.isEmpty()) items = items.union(jsc.parallelize(partItems, partSlices));
      ResolvedJob job = ctx.job();
      var sink = ctx.counters().sink();
      int[] groups = SparkStage.evenGroups(items.getNumPartitions(), totals.files(), job.options().jobBatch());
      return SparkStage.run(ctx, items, bc -> new ItemFunctions.Copy(job, bc, sink, targets), totals.files(),
          totals.bytes(), groups);
    }

    @Override
    public void sweep(JobContext ctx) {
      ResolvedJob job = ctx.job();
      Broadcast<SerializableConfiguration> bc = SparkStage.broadcast(ctx);
      try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
        Column copied = col("d").isin(CopyDecision.COPY.ordinal(), CopyDecision.COMPARE.ordinal());
        work.filter(copied).map((org.apache.spark.api.java.function.MapFunction<Row, String>)
                r -> LocalPlan.parentOf(r.getString(0)), Encoders.STRING()).distinct()
            .javaRDD().mapPartitions(new ItemFunctions.SweepFolders(job, bc)).count();
      } catch (RuntimeException e) {
        LOG.warn("Could not remove all temporaries under {}: {}", job.destination(), e.toString());
      } finally {
        bc.unpersist(false);
      }
    }

    @Override
    public void close() {
      work.unpersist(false);
    }
  }

  private record SparkDiffWork(DiffAction.Plan totals, Dataset<Row> work, int partitions) implements DiffWork {
    @Override
    public SparkStage.StageResult<DiffOutcome> run(JobContext ctx) {
      ResolvedJob job = ctx.job();
      var sink = ctx.counters().sink();
      JavaRDD<DiffItem> items = work.repartition(partitions).javaRDD().map(WorkRows::diffItem);
      try {
        return SparkStage.run(ctx, items, bc -> new ItemFunctions.Diff(job, bc, sink), totals.files(), 0);
      } catch (RuntimeException e) {
        throw new JobAbortedException("Diff aborted: " + CopyJob.rootMessage(e) + "; nothing was written", e);
      }
    }

    @Override
    public void close() {
      work.unpersist(false);
    }
  }
}
