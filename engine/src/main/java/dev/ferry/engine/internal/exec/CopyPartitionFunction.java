package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.plan.CopyBatch;
import dev.ferry.engine.internal.spec.ResolvedJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/** A copy task over batches packed on the driver (one batch a partition). */
public final class CopyPartitionFunction implements FlatMapFunction<Iterator<CopyBatch>, TaskRow> {
  private static final long serialVersionUID = 1L;

  private final ResolvedJob job;
  private final Broadcast<SerializableConfiguration> conf;
  private final CounterSink counters;
  private final List<PartTarget> partTargets;

  public CopyPartitionFunction(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters,
                               List<PartTarget> partTargets) {
    this.job = job;
    this.conf = conf;
    this.counters = counters;
    this.partTargets = List.copyOf(partTargets);
  }

  @Override
  public Iterator<TaskRow> call(Iterator<CopyBatch> batches) throws IOException {
    Configuration c = conf.value().get();
    List<TaskRow> rows = new ArrayList<>();
    while (batches.hasNext()) {
      CopyBatch batch = batches.next();
      rows.addAll(CopyTask.run(job, c, counters, partTargets, batch.index(), batch.iterator()));
    }
    return rows.iterator();
  }
}
