package dev.ferry.engine.internal.plan;

import java.util.List;

/**
 * What a copy or update will do: directories to create (relative to the destination, parents
 * first), the files packed into partitions, and the totals for progress and dry runs.
 *
 * @param fileDirectories the relative directories that receive files (where temporaries may be
 *     left behind by a lost executor), for the clean-up sweep
 * @param partedFiles large files copied in parts by several tasks and assembled by the driver
 * @param sourceProblems source paths that are not copied: unreadable directories and link loops
 *     (failed), special files (skipped)
 * @param leftovers temporaries of earlier, killed jobs found at the destination (relative paths),
 *     removed before copying
 */
public record CopyPlan(
    List<String> directoriesToCreate,
    List<String> fileDirectories,
    List<CopyBatch> batches,
    long files,
    long bytes,
    long filesToCopy,
    long bytesToCopy,
    long filesToCompare,
    long filesToSkip,
    List<PartedFile> partedFiles,
    List<ListingProblem> sourceProblems,
    List<String> leftovers) {
}
