package dev.ferry.engine.internal.plan;

import java.io.Serializable;

/** The paths of one diff partition, in parallel arrays for compact serialization. */
public final class DiffBatch implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final String[] paths;
  private final long[] sourceLengths;
  private final long[] destinationLengths;
  private final byte[] decisions;

  public DiffBatch(int index, String[] paths, long[] sourceLengths, long[] destinationLengths, byte[] decisions) {
    this.index = index;
    this.paths = paths;
    this.sourceLengths = sourceLengths;
    this.destinationLengths = destinationLengths;
    this.decisions = decisions;
  }

  public int index() { return index; }
  public int size() { return paths.length; }
  public String path(int i) { return paths[i]; }
  /** -1 when the file exists only at the destination. */
  public long sourceLength(int i) { return sourceLengths[i]; }
  /** -1 when the destination has no file there. */
  public long destinationLength(int i) { return destinationLengths[i]; }
  public DiffDecision decision(int i) { return DiffDecision.values()[decisions[i]]; }
}
