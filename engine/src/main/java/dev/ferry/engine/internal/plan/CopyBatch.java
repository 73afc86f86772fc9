package dev.ferry.engine.internal.plan;

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
  /** For PART items: offset in the file, part number (from 1), index of the parted file; else null. */
  private final long[] offsets;
  private final int[] parts;
  private final int[] files;

  public CopyBatch(int index, String[] paths, long[] lengths, byte[] decisions) {
    this(index, paths, lengths, decisions, null, null, null);
  }

  public CopyBatch(int index, String[] paths, long[] lengths, byte[] decisions, long[] offsets, int[] parts,
                   int[] files) {
    this.index = index;
    this.paths = paths;
    this.lengths = lengths;
    this.decisions = decisions;
    this.offsets = offsets;
    this.parts = parts;
    this.files = files;
  }

  public long offset(int i) { return offsets == null ? 0 : offsets[i]; }
  public int part(int i) { return parts == null ? 0 : parts[i]; }
  public int partedFile(int i) { return files == null ? -1 : files[i]; }

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
