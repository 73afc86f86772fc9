package dev.ferry.engine.plan;

import java.util.List;

/** What a diff will compare: the paths packed into partitions, and the totals. */
public record DiffPlan(List<DiffBatch> batches, long files, long bytes, long missing, long lengthDiffers,
                       long toCompare, long destinationOnly) {
}
