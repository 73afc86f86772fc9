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
    merge(source.entries(), destination.entries(), (s, d) -> {
      WorkItem it = Pairing.copy(job.operation(), job.disableChecksum(), s, d);
      if (it == null || (it.decision() == CopyDecision.MKDIR && it.path().isEmpty())) return;
      tally.add(it.decision(), 1, it.length());
      if (it.decision() == CopyDecision.MKDIR) {
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
    List<CopyBatch> batches = items.isEmpty() ? List.of() : PartitionPacker.pack(items, ctx.partitions());
    int partCount = parts.parts().size();
    CopyAction.Plan totals = tally.plan(parts.files().size(), partCount, batches.size());
    LOG.info("Planned {} files on the driver in {} partitions", totals.files(), batches.size());
    return new LocalCopyWork(totals, parts.files(), batches, mkdirs, List.copyOf(folders));
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
   */
  private record LocalCopyWork(CopyAction.Plan totals, List<PartedFile> partedFiles, List<CopyBatch> batches,
                               List<String> mkdirs, List<String> folders) implements CopyWork {
    @Override
    public int driverPartition() {
      return batches.size();
    }

    @Override
    public void makeFolders(JobContext ctx) {
      StoreLocation dst = ctx.job().destination();
      try (Store store = dst.open(ctx.conf())) {
        Threads.forEach(mkdirs, Listings.threads(ctx.conf(), dst), "ferry-mkdirs",
            rel -> store.mkdirs(Store.join(dst.path(), rel)));
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
          bc -> new CopyPartitionFunction(job, bc, sink, targets), totals.files(), totals.bytes());
    }

    @Override
    public void sweep(JobContext ctx) {
      ResolvedJob job = ctx.job();
      StoreLocation dst = job.destination();
      List<String> dirs = job.sourceIsFile() ? List.of(Store.parent(dst.path()))
          : folders.stream().map(rel -> Store.join(dst.path(), rel)).toList();
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
