package dev.ferry.engine.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Packs files into a fixed number of partitions of nearly equal cost, where a file's cost is its
 * bytes moved plus a fixed per-file overhead: one huge file gets a partition of its own, and a
 * million tiny ones are spread evenly. Greedy longest-first onto the lightest partition.
 */
public final class PartitionPacker {
  /** Per-file cost in byte-equivalents: opening, creating and committing a file. */
  static final long FILE_OVERHEAD = 1L << 20;
  /** A skipped file moves nothing and only writes its outcome. */
  static final long SKIP_COST = 1L << 10;

  private PartitionPacker() {
  }

  /** One planned file. */
  public record Item(String path, long length, CopyDecision decision) {
    long cost() {
      return switch (decision) {
        case COPY -> length + FILE_OVERHEAD;
        case COMPARE -> 2 * length + FILE_OVERHEAD; // both sides are read
        case SKIP -> SKIP_COST;
      };
    }
  }

  public static List<CopyBatch> pack(List<Item> items, int partitions) {
    int n = Math.max(1, Math.min(partitions, items.size()));
    Integer[] order = new Integer[items.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingLong((Integer i) -> items.get(i).cost()).reversed());

    long[] load = new long[n];
    List<List<Integer>> bins = new ArrayList<>(n);
    for (int i = 0; i < n; i++) bins.add(new ArrayList<>());
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.comparingLong((Integer b) -> load[b]).thenComparingInt(b -> b));
    for (int i = 0; i < n; i++) lightest.add(i);
    for (Integer idx : order) {
      int b = lightest.poll();
      bins.get(b).add(idx);
      load[b] += items.get(idx).cost();
      lightest.add(b);
    }

    List<CopyBatch> out = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      List<Integer> bin = bins.get(b);
      bin.sort(Comparator.naturalOrder()); // items arrive sorted by path: keep directory locality
      String[] paths = new String[bin.size()];
      long[] lengths = new long[bin.size()];
      byte[] decisions = new byte[bin.size()];
      for (int i = 0; i < bin.size(); i++) {
        Item it = items.get(bin.get(i));
        paths[i] = it.path();
        lengths[i] = it.length();
        decisions[i] = (byte) it.decision().ordinal();
      }
      out.add(new CopyBatch(b, paths, lengths, decisions));
    }
    return out;
  }
}
