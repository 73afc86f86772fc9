package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.exec.DiffItem;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/** The paths of one diff partition of a plan packed on the driver. */
public record DiffBatch(int index, DiffItem[] items) implements Serializable {

  public int size() {
    return items.length;
  }

  public Iterator<DiffItem> iterator() {
    return new dev.ferry.engine.internal.Threads.Listed<>(Arrays.asList(items));
  }
}
