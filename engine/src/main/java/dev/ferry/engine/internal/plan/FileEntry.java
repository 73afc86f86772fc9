package dev.ferry.engine.internal.plan;

/**
 * One listed file or directory, by its path relative to the listed root ("" for a single-file
 * root). Kept small: a listing of millions of these must fit in a modest driver heap.
 */
public record FileEntry(String relPath, boolean directory, long length) {
}
