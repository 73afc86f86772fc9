package dev.ferry.engine.internal.plan;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.DiffAction;

/**
 * The totals of a plan, added up item by item on the driver (small trees) or from Spark's counts
 * per decision (large ones), so that both paths report the same figures.
 */
public final class Tally {
  private Tally() {
  }

  /** Copy and update totals. */
  public static final class Copy {
    private long files;
    private long bytes;
    private long toCopy;
    private long bytesToCopy;
    private long toCompare;
    private long toSkip;
    private long directories;
    private long filesToDelete;
    private long directoriesToDelete;

    /** Adds {@code count} items of one decision holding {@code length} bytes in all. */
    public void add(CopyDecision d, long count, long length) {
      if (d == CopyDecision.MKDIR) directories += count;
      if (d == CopyDecision.DELETE) filesToDelete += count;
      if (d == CopyDecision.DELETE_DIR) directoriesToDelete += count;
      if (!d.countsAsFile()) return;
      files += count;
      bytes += length;
      switch (d) {
        case COPY -> {
          toCopy += count;
          bytesToCopy += length;
        }
        case COMPARE -> toCompare += count;
        case SKIP, SPECIAL -> toSkip += count;
        default -> { }
      }
    }

    public long files() {
      return files;
    }

    public long bytes() {
      return bytes;
    }

    /** Destination files and folders --syncSourceDelete deletes. */
    public long toDelete() {
      return filesToDelete + directoriesToDelete;
    }

    public CopyAction.Plan plan(int partedFiles, int parts, int partitions) {
      return new CopyAction.Plan(files, bytes, toCopy, bytesToCopy, toCompare, toSkip, directories, partedFiles, parts,
          partitions, filesToDelete, directoriesToDelete);
    }
  }

  /** Diff totals. */
  public static final class Diff {
    private long files;
    private long bytes;
    private long missing;
    private long lengthDiffers;
    private long toCompare;
    private long destinationOnly;

    /** Adds {@code count} items of one decision whose source files hold {@code length} bytes in all. */
    public void add(DiffDecision d, long count, long length) {
      switch (d) {
        case DST_ONLY -> destinationOnly += count;
        case DST_ONLY_DIR, SPECIAL -> { }
        default -> {
          files += count;
          bytes += length;
          if (d == DiffDecision.DST_MISS) missing += count;
          if (d == DiffDecision.LENGTH_DIFF) lengthDiffers += count;
          if (d == DiffDecision.COMPARE) toCompare += count;
        }
      }
    }

    public long files() {
      return files;
    }

    public DiffAction.Plan plan(int partitions) {
      return new DiffAction.Plan(files, bytes, missing, lengthDiffers, toCompare, destinationOnly, partitions);
    }
  }
}
