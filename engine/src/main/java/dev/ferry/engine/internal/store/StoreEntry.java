package dev.ferry.engine.internal.store;

/**
 * One name in a directory listing, or the status of one path.
 *
 * @param kind a regular file, a directory, or something else (a named pipe, socket or device)
 *     that a copy cannot read as a file
 * @param linkTarget for a directory reached through a symbolic link, the real path it resolves
 *     to (so a walk can tell a link loop); null otherwise
 * @param etag an object store's ETag as its listing gives it (S3A), or null
 */
public record StoreEntry(String name, Kind kind, long length, long modificationTime, String linkTarget, String etag) {

  public StoreEntry(String name, Kind kind, long length, long modificationTime, String linkTarget) {
    this(name, kind, length, modificationTime, linkTarget, null);
  }

  /** A file of an object store listing, with its ETag. */
  public static StoreEntry object(String name, long length, long modificationTime, String etag) {
    return new StoreEntry(name, Kind.FILE, length, modificationTime, null, etag);
  }

  /** What a path is. */
  public enum Kind { FILE, DIRECTORY, SPECIAL }

  public static StoreEntry file(String name, long length, long modificationTime) {
    return new StoreEntry(name, Kind.FILE, length, modificationTime, null);
  }

  public static StoreEntry directory(String name, long modificationTime) {
    return new StoreEntry(name, Kind.DIRECTORY, 0, modificationTime, null);
  }

  public boolean directory() {
    return kind == Kind.DIRECTORY;
  }

  public boolean special() {
    return kind == Kind.SPECIAL;
  }
}
