package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.exec.WorkItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * Packs files into a fixed number of partitions of nearly equal cost, where a file's cost is the
 * bytes it moves or reads plus a fixed per-file overhead: one huge file gets a partition of its
 * own, and a million tiny ones are spread evenly. Greedy longest-first onto the lightest partition.
 */
public final class PartitionPacker {
  /** Per-file cost in byte-equivalents: opening, creating and committing a file. */
  public static final long FILE_OVERHEAD = 1L << 20;
  /** A file that needs no I/O (skipped, or different by length alone) only writes its outcome. */
  public static final long NO_IO_COST = 1L << 10;

  private PartitionPacker() {
  }

  /** A copy item's cost in byte-equivalents: the bytes it moves or reads, plus a fixed per-file cost. */
  public static long cost(WorkItem it) {
    return switch (it.decision()) {
      case COPY, PART -> it.length() + FILE_OVERHEAD;
      case COMPARE -> 2 * it.length() + FILE_OVERHEAD; // both sides are read
      default -> NO_IO_COST;
    };
  }

  public static List<CopyBatch> pack(List<WorkItem> items, int partitions) {
    List<List<WorkItem>> bins = bins(items, partitions, PartitionPacker::cost);
    List<CopyBatch> out = new ArrayList<>(bins.size());
    for (int b = 0; b < bins.size(); b++) out.add(new CopyBatch(b, bins.get(b).toArray(WorkItem[]::new)));
    return out;
  }

  /**
   * Splits {@code items} into at most {@code partitions} non-empty bins of nearly equal total
   * cost; each bin keeps the items' original order (sorted by path: directory locality).
   */
  public static <T> List<List<T>> bins(List<T> items, int partitions, ToLongFunction<T> cost) {
    int n = Math.max(1, Math.min(partitions, items.size()));
    long[] costs = new long[items.size()];
    Integer[] order = new Integer[items.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      costs[i] = cost.applyAsLong(items.get(i));
    }
    Arrays.sort(order, Comparator.comparingLong((Integer i) -> costs[i]).reversed());

    long[] load = new long[n];
    List<List<Integer>> bins = new ArrayList<>(n);
    for (int i = 0; i < n; i++) bins.add(new ArrayList<>());
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.comparingLong((Integer b) -> load[b]).thenComparingInt(b -> b));
    for (int i = 0; i < n; i++) lightest.add(i);
    for (Integer idx : order) {
      int b = lightest.poll();
      bins.get(b).add(idx);
      load[b] += costs[idx];
      lightest.add(b);
    }
    List<List<T>> out = new ArrayList<>(n);
    for (List<Integer> bin : bins) {
      bin.sort(Comparator.naturalOrder());
      List<T> items2 = new ArrayList<>(bin.size());
      for (Integer i : bin) items2.add(items.get(i));
      out.add(items2);
    }
    return out;
  }
}
