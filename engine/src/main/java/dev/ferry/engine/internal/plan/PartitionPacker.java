package dev.ferry.engine.internal.plan;

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

  /**
   * One planned file of a copy or update, or one part of a large file.
   *
   * @param file for a PART, the index of its file in the plan's parted files; else -1
   */
  public record Item(String path, long length, CopyDecision decision, long offset, int part, int file) {
    public Item(String path, long length, CopyDecision decision) {
      this(path, length, decision, 0, 0, -1);
    }

    long cost() {
      return switch (decision) {
        case COPY, PART -> length + FILE_OVERHEAD;
        case COMPARE -> 2 * length + FILE_OVERHEAD; // both sides are read
        case SKIP -> NO_IO_COST;
      };
    }
  }

  public static List<CopyBatch> pack(List<Item> items, int partitions) {
    List<List<Item>> bins = bins(items, partitions, Item::cost);
    List<CopyBatch> out = new ArrayList<>(bins.size());
    for (int b = 0; b < bins.size(); b++) {
      List<Item> bin = bins.get(b);
      String[] paths = new String[bin.size()];
      long[] lengths = new long[bin.size()];
      byte[] decisions = new byte[bin.size()];
      boolean hasParts = bin.stream().anyMatch(it -> it.decision() == CopyDecision.PART);
      long[] offsets = hasParts ? new long[bin.size()] : null;
      int[] parts = hasParts ? new int[bin.size()] : null;
      int[] files = hasParts ? new int[bin.size()] : null;
      for (int i = 0; i < bin.size(); i++) {
        Item it = bin.get(i);
        paths[i] = it.path();
        lengths[i] = it.length();
        decisions[i] = (byte) it.decision().ordinal();
        if (hasParts) {
          offsets[i] = it.offset();
          parts[i] = it.part();
          files[i] = it.file();
        }
      }
      out.add(new CopyBatch(b, paths, lengths, decisions, offsets, parts, files));
    }
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
