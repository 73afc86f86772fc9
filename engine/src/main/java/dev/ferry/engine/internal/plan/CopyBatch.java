package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.exec.WorkItem;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/** The items of one Spark partition of a plan packed on the driver. */
public record CopyBatch(int index, WorkItem[] items) implements Serializable {

  public int size() {
    return items.length;
  }

  public Iterator<WorkItem> iterator() {
    return new dev.ferry.engine.internal.Threads.Listed<>(Arrays.asList(items));
  }
}
