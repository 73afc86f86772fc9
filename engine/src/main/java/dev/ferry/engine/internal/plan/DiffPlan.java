package dev.ferry.engine.internal.plan;

import java.util.List;

/**
 * What a diff will compare: the paths packed into partitions, the totals, and the source paths
 * that are not compared (unreadable directories and link loops fail; special files are skipped).
 */
public record DiffPlan(List<DiffBatch> batches, long files, long bytes, long missing, long lengthDiffers,
                       long toCompare, long destinationOnly, List<ListingProblem> sourceProblems) {
}
