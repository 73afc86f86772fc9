package dev.ferry.engine.plan;

import java.io.Serializable;

/**
 * The files of one Spark partition, in parallel arrays so that a batch of thousands of files
 * serializes compactly.
 */
public final class CopyBatch implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int index;
  private final String[] paths;
  private final long[] lengths;
  private final byte[] decisions;

  public CopyBatch(int index, String[] paths, long[] lengths, byte[] decisions) {
    this.index = index;
    this.paths = paths;
    this.lengths = lengths;
    this.decisions = decisions;
  }

  public int index() { return index; }
  public int size() { return paths.length; }
  public String path(int i) { return paths[i]; }
  public long length(int i) { return lengths[i]; }
  public CopyDecision decision(int i) { return CopyDecision.values()[decisions[i]]; }

  public long totalBytes() {
    long t = 0;
    for (long l : lengths) t += l;
    return t;
  }
}
