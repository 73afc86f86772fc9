package dev.ferry.engine.internal.plan;

/**
 * A path a listing could not take as a file: a directory it could not read or that loops back
 * through a symbolic link (counted as failed), or a named pipe, socket or device (skipped).
 *
 * @param relPath relative to the listed root
 * @param failed true when the entries under it are unknown (a failure); false for a skipped entry
 */
public record ListingProblem(String relPath, boolean failed, String message) {
}
