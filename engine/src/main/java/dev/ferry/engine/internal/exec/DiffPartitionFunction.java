package dev.ferry.engine.internal.exec;

import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.internal.plan.DiffBatch;
import dev.ferry.engine.internal.spec.ResolvedJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/** A diff task over batches packed on the driver (one batch a partition). */
public final class DiffPartitionFunction implements FlatMapFunction<Iterator<DiffBatch>, DiffOutcome> {
  private static final long serialVersionUID = 1L;

  private final ResolvedJob job;
  private final Broadcast<SerializableConfiguration> conf;
  private final CounterSink counters;

  public DiffPartitionFunction(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters) {
    this.job = job;
    this.conf = conf;
    this.counters = counters;
  }

  @Override
  public Iterator<DiffOutcome> call(Iterator<DiffBatch> batches) throws IOException {
    Configuration c = conf.value().get();
    List<DiffOutcome> out = new ArrayList<>();
    while (batches.hasNext()) {
      DiffBatch batch = batches.next();
      out.addAll(DiffTask.run(job, c, counters, batch.index(), batch.iterator()));
    }
    return out.iterator();
  }
}
