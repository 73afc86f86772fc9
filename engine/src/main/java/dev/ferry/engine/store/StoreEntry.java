package dev.ferry.engine.store;

/** One name in a directory listing, or the status of one path. */
public record StoreEntry(String name, boolean directory, long length, long modificationTime) {
}
