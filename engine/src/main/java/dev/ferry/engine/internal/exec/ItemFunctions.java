package dev.ferry.engine.internal.exec;

import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/** Executor functions over the items of a plan made by Spark (one Spark partition each). */
public final class ItemFunctions {
  private ItemFunctions() {
  }

  private static int partition() {
    TaskContext tc = TaskContext.get();
    return tc == null ? 0 : tc.partitionId();
  }

  /** A copy task over work items. */
  public static final class Copy implements FlatMapFunction<Iterator<WorkItem>, TaskRow> {
    private static final long serialVersionUID = 1L;
    private final ResolvedJob job;
    private final Broadcast<SerializableConfiguration> conf;
    private final CounterSink counters;
    private final List<PartTarget> partTargets;

    public Copy(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters,
                List<PartTarget> partTargets) {
      this.job = job;
      this.conf = conf;
      this.counters = counters;
      this.partTargets = List.copyOf(partTargets);
    }

    @Override
    public Iterator<TaskRow> call(Iterator<WorkItem> items) throws IOException {
      return CopyTask.run(job, conf.value().get(), counters, partTargets, partition(), items).iterator();
    }
  }

  /** A diff task over work items. */
  public static final class Diff implements FlatMapFunction<Iterator<DiffItem>, DiffOutcome> {
    private static final long serialVersionUID = 1L;
    private final ResolvedJob job;
    private final Broadcast<SerializableConfiguration> conf;
    private final CounterSink counters;

    public Diff(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters) {
      this.job = job;
      this.conf = conf;
      this.counters = counters;
    }

    @Override
    public Iterator<DiffOutcome> call(Iterator<DiffItem> items) throws IOException {
      return DiffTask.run(job, conf.value().get(), counters, partition(), items).iterator();
    }
  }

  /** Makes destination folders (paths relative to it) before the copy stage. */
  public static final class MakeFolders implements FlatMapFunction<Iterator<String>, Integer> {
    private static final long serialVersionUID = 1L;
    private final ResolvedJob job;
    private final Broadcast<SerializableConfiguration> conf;

    public MakeFolders(ResolvedJob job, Broadcast<SerializableConfiguration> conf) {
      this.job = job;
      this.conf = conf;
    }

    @Override
    public Iterator<Integer> call(Iterator<String> folders) throws IOException {
      int n = 0;
      try (Store store = job.destination().open(conf.value().get())) {
        while (folders.hasNext()) {
          store.mkdirs(job.writeFolder(folders.next()));
          n++;
        }
      }
      return List.of(n).iterator();
    }
  }

  /** Removes Ferry's temporaries from the destination folders of a partition (paths relative to it). */
  public static final class SweepFolders implements FlatMapFunction<Iterator<String>, Integer> {
    private static final long serialVersionUID = 1L;
    private final ResolvedJob job;
    private final Broadcast<SerializableConfiguration> conf;

    public SweepFolders(ResolvedJob job, Broadcast<SerializableConfiguration> conf) {
      this.job = job;
      this.conf = conf;
    }

    @Override
    public Iterator<Integer> call(Iterator<String> folders) throws IOException {
      List<Integer> swept = new ArrayList<>();
      try (Store store = job.destination().open(conf.value().get())) {
        while (folders.hasNext()) {
          Sweep.folder(store, job.writeFolder(folders.next()));
          swept.add(1);
        }
      }
      return List.of(swept.size()).iterator();
    }
  }
}
