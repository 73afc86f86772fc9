package dev.ferry.engine.internal;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.exec.CopyPartitionFunction;
import dev.ferry.engine.internal.exec.DiffItem;
import dev.ferry.engine.internal.exec.DiffPartitionFunction;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.Sweep;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.plan.CopyBatch;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.plan.DiffBatch;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.Pairing;
import dev.ferry.engine.internal.plan.PartSplit;
import dev.ferry.engine.internal.plan.PartedFile;
import dev.ferry.engine.internal.plan.PartitionPacker;
import dev.ferry.engine.internal.plan.Tally;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a small tree on the driver, where both listings fit in memory: the pairs are merged in
 * order and the work is packed into partitions balanced by bytes and by file count, with no
 * shuffle's fixed cost.
 */
final class LocalPlan {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPlan.class);

  private LocalPlan() {
  }

  /** Calls {@code pair} for every path of two listings sorted by path (either side may be null). */
  static void merge(List<ListedEntry> source, List<ListedEntry> destination, BiConsumer<ListedEntry, ListedEntry> pair) {
    int s = 0;
    int d = 0;
    while (s < source.size() || d < destination.size()) {
      ListedEntry se = s < source.size() ? source.get(s) : null;
      ListedEntry de = d < destination.size() ? destination.get(d) : null;
      int cmp = se == null ? 1 : de == null ? -1 : se.relPath().compareTo(de.relPath());
      if (cmp < 0) {
        pair.accept(se, null);
        s++;
      } else if (cmp > 0) {
        pair.accept(null, de);
        d++;
      } else {
        pair.accept(se, de);
        s++;
        d++;
      }
    }
  }

  static CopyWork copy(JobContext ctx, TreeLister.Walked source, TreeLister.Walked destination) {
    ResolvedJob job = ctx.job();
    PartSplit split = new PartSplit(ctx.conf());
    List<WorkItem> items = new ArrayList<>();
    List<WorkItem> large = new ArrayList<>();
    List<String> mkdirs = new ArrayList<>();
    Tally.Copy tally = new Tally.Copy();
    List<WorkItem> deletions = new ArrayList<>();
    Pairing.Rules rules = rules(job);
    merge(source.entries(), destination.entries(), (s, d) -> {
      WorkItem it = Pairing.copy(rules, s, d);
      if (it == null || (it.decision() == CopyDecision.MKDIR && it.path().isEmpty())) return;
      tally.add(it.decision(), 1, it.length());
      if (it.decision() == CopyDecision.DELETE || it.decision() == CopyDecision.DELETE_DIR) {
        deletions.add(it);
      } else if (it.decision() == CopyDecision.MKDIR) {
        mkdirs.add(it.path());
      } else {
        (split.splits(it) ? large : items).add(it);
      }
    });
    PartSplit.Split parts = large.isEmpty() || !DistributedPlan.canAssembleParts(ctx) ? new PartSplit.Split(List.of(),
        List.of()) : split.split(large);
    if (parts.files().isEmpty()) items.addAll(large);
    items.addAll(parts.parts());
    TreeSet<String> folders = new TreeSet<>();
    for (WorkItem it : items) {
      CopyDecision d = it.decision();
      if (d == CopyDecision.COPY || d == CopyDecision.COMPARE || d == CopyDecision.PART) folders.add(parentOf(it.path()));
    }
    long jobBatch = job.options().jobBatch();
    List<CopyBatch> batches = new ArrayList<>();
    int[] groupEnds = null;
    if (items.isEmpty()) {
      batches = List.of();
    } else if (jobBatch <= 0 || items.size() <= jobBatch) {
      batches = PartitionPacker.pack(items, partitions(ctx, tally.files()));
    } else {
      // --jobBatch: consecutive chunks of at most N items, each packed into its own partitions and run as one Spark job
      int chunks = (int) ((items.size() + jobBatch - 1) / jobBatch);
      int per = Math.max(1, partitions(ctx, tally.files()) / chunks);
      groupEnds = new int[chunks];
      for (int c = 0; c < chunks; c++) {
        List<WorkItem> chunk = items.subList((int) (c * jobBatch), (int) Math.min(items.size(), (c + 1) * jobBatch));
        for (CopyBatch b : PartitionPacker.pack(chunk, per)) batches.add(new CopyBatch(batches.size(), b.items()));
        groupEnds[c] = batches.size();
      }
    }
    int partCount = parts.parts().size();
    CopyAction.Plan totals = tally.plan(parts.files().size(), partCount, batches.size());
    LOG.info("Planned {} files on the driver in {} partitions", totals.files(), batches.size());
    return new LocalCopyWork(totals, parts.files(), batches, mkdirs, List.copyOf(folders), deletions, groupEnds);
  }

  /** The pairing rules of a copy or update job. */
  static Pairing.Rules rules(ResolvedJob job) {
    ResolvedJob.Options o = job.options();
    return new Pairing.Rules(job.operation(), job.disableChecksum(), o.syncSourceDelete(), o.deleteOnSuccess());
  }

  /** The job's tasks: its partitions, or more when --taskBatch caps the files per task. */
  static int partitions(JobContext ctx, long files) {
    int batch = ctx.job().options().taskBatch();
    long jobBatch = ctx.job().options().jobBatch();
    long wanted = Math.max(batch > 0 ? (files + batch - 1) / batch : 0, jobBatch > 0 ? (files + jobBatch - 1) / jobBatch : 0);
    return (int) Math.max(ctx.partitions(), Math.min(wanted, 1_000_000));
  }

  static DiffWork diff(JobContext ctx, TreeLister.Walked source, TreeLister.Walked destination) {
    ResolvedJob job = ctx.job();
    List<String> unreadable = Pairing.unreadablePrefixes(destination.entries());
    List<DiffItem> items = new ArrayList<>();
    Tally.Diff tally = new Tally.Diff();
    merge(source.entries(), destination.entries(), (s, d) -> {
      DiffItem it = Pairing.diff(job.disableChecksum(), s, d, unreadable);
      if (it == null) return;
      tally.add(it.decision(), 1, Math.max(0, it.sourceLength()));
      items.add(it);
    });
    List<List<DiffItem>> bins = items.isEmpty() ? List.of()
        : PartitionPacker.bins(items, ctx.partitions(), it -> it.decision().cost(it.sourceLength()));
    List<DiffBatch> batches = new ArrayList<>(bins.size());
    for (int b = 0; b < bins.size(); b++) batches.add(new DiffBatch(b, bins.get(b).toArray(DiffItem[]::new)));
    return new LocalDiffWork(tally.plan(batches.size()), batches);
  }

  static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  /**
   * @param mkdirs folders of the source missing at the destination, made before the copy stage
   *     (on the driver: files must not race the folders they go in)
   * @param folders the folders receiving files, for the sweep
   * @param deletions destination paths --syncSourceDelete deletes
   */
  private record LocalCopyWork(CopyAction.Plan totals, List<PartedFile> partedFiles, List<CopyBatch> batches,
                               List<String> mkdirs, List<String> folders, List<WorkItem> deletions, int[] groupEnds)
      implements CopyWork {
    @Override
    public List<WorkItem> deletions(JobContext ctx) {
      return deletions;
    }

    @Override
    public int driverPartition() {
      return batches.size();
    }

    @Override
    public void makeFolders(JobContext ctx) {
      StoreLocation dst = ctx.job().destination();
      try (Store store = dst.open(ctx.conf())) {
        Threads.forEach(mkdirs, Listings.threads(ctx.conf(), dst), "ferry-mkdirs",
            rel -> store.mkdirs(ctx.job().writeFolder(rel)));
      } catch (IOException e) {
        throw new JobAbortedException("Cannot create folders under " + dst + ": " + e.getMessage()
            + "; no file was copied, some folders may have been created", e);
      }
    }

    @Override
    public SparkStage.StageResult<TaskRow> run(JobContext ctx, List<PartTarget> targets) {
      if (batches.isEmpty()) return new SparkStage.StageResult<>(List.of(), 0);
      ResolvedJob job = ctx.job();
      var sink = ctx.counters().sink();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.sc());
      return SparkStage.run(ctx, jsc.parallelize(batches, batches.size()),
          bc -> new CopyPartitionFunction(job, bc, sink, targets), totals.files(), totals.bytes(), groupEnds);
    }

    @Override
    public void sweep(JobContext ctx) {
      ResolvedJob job = ctx.job();
      StoreLocation dst = job.destination();
      List<String> dirs = job.sourceIsFile() ? List.of(Store.parent(job.writePath("")))
          : folders.stream().map(job::writeFolder).toList();
      try (Store store = dst.open(ctx.conf())) {
        Threads.forEach(dirs, Listings.threads(ctx.conf(), dst), "ferry-sweep", dir -> Sweep.folder(store, dir));
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not remove all temporaries under {}: {}", dst, e.toString());
      }
    }

    @Override
    public void close() {
    }
  }

  private record LocalDiffWork(DiffAction.Plan totals, List<DiffBatch> batches) implements DiffWork {
    @Override
    public SparkStage.StageResult<DiffOutcome> run(JobContext ctx) {
      if (batches.isEmpty()) return new SparkStage.StageResult<>(List.of(), 0);
      ResolvedJob job = ctx.job();
      var sink = ctx.counters().sink();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.sc());
      try {
        return SparkStage.run(ctx, jsc.parallelize(batches, batches.size()), bc -> new DiffPartitionFunction(job, bc, sink),
            totals.files(), 0);
      } catch (RuntimeException e) {
        throw new JobAbortedException("Diff aborted: " + CopyJob.rootMessage(e) + "; nothing was written", e);
      }
    }

    @Override
    public void close() {
    }
  }
}
