package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.exec.WorkItem;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Large files copied in parts by several tasks: which ones ({@code ferry.copy.part.threshold},
 * default 512 MiB) and in what parts ({@code ferry.copy.part.size}, default 128 MiB, at least 5
 * MiB: S3's minimum). The driver starts their uploads, so they are few and known to it.
 */
public final class PartSplit {
  /** Files at least this large are copied in parts by several tasks where the destination can assemble parts. */
  public static final String PART_THRESHOLD = "ferry.copy.part.threshold";
  /** The size of those parts (at least 5 MiB, S3's minimum). */
  public static final String PART_SIZE = "ferry.copy.part.size";
  static final long MIN_PART = 5L << 20;

  private final long threshold;
  private final long partSize;

  public PartSplit(Configuration conf) {
    this.threshold = conf.getLongBytes(PART_THRESHOLD, 512L << 20);
    this.partSize = Math.max(MIN_PART, conf.getLongBytes(PART_SIZE, 128L << 20));
  }

  public long threshold() {
    return threshold;
  }

  /** True for an item that is copied in parts (where the destination can assemble them). */
  public boolean splits(WorkItem item) {
    return item.decision() == CopyDecision.COPY && item.length() >= threshold && item.length() > partSize;
  }

  /** The files and their part items; {@code large} are the items {@link #splits} takes. */
  public record Split(List<PartedFile> files, List<WorkItem> parts) {
  }

  public Split split(List<WorkItem> large) {
    List<PartedFile> files = new ArrayList<>();
    List<WorkItem> parts = new ArrayList<>();
    for (WorkItem it : large) {
      PartedFile pf = new PartedFile(files.size(), it.path(), it.length(), (int) ((it.length() + partSize - 1) / partSize));
      files.add(pf);
      for (int p = 0; p < pf.parts(); p++) {
        long offset = p * partSize;
        parts.add(new WorkItem(it.path(), CopyDecision.PART, Math.min(partSize, it.length() - offset), offset, p + 1,
            pf.index(), null));
      }
    }
    return new Split(files, parts);
  }
}
