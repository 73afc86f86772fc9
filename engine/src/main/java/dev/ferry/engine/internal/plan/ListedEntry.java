package dev.ferry.engine.internal.plan;

import java.io.Serializable;

/**
 * One listed path, relative to the listed root ("" for a single-file root).
 *
 * @param length a file's length; 0 otherwise
 * @param note why a path is SPECIAL or UNLISTABLE
 */
public record ListedEntry(String relPath, Kind kind, long length, String note) implements Serializable {

  /** What a listed path is. One letter each in listing files. */
  public enum Kind {
    FILE('F'),
    DIRECTORY('D'),
    /** A named pipe, socket or device. */
    SPECIAL('S'),
    /** A folder that could not be listed, or a link loop: what is under it is unknown. */
    UNLISTABLE('U'),
    /** A temporary of some earlier Ferry job (destination listings only). */
    LEFTOVER('T');

    private final char code;

    Kind(char code) {
      this.code = code;
    }

    public char code() {
      return code;
    }

    public static Kind of(char code) {
      for (Kind k : values()) {
        if (k.code == code) return k;
      }
      throw new IllegalArgumentException("no listing kind '" + code + "'");
    }
  }

  public static ListedEntry file(String rel, long length) {
    return new ListedEntry(rel, Kind.FILE, length, null);
  }

  /**
   * The note of a destination file that carries its object store's ETag ({@code NUL etag:VALUE}:
   * no path holds NUL, so it never reads as a codec's source name).
   */
  public static final String ETAG_NOTE = "\0etag:";

  /** A destination file with the ETag its listing gave (null: none). */
  public static ListedEntry file(String rel, long length, String etag) {
    return new ListedEntry(rel, Kind.FILE, length, etag == null ? null : ETAG_NOTE + etag);
  }

  /** The ETag a note carries, or null. */
  public static String etag(String note) {
    return note != null && note.startsWith(ETAG_NOTE) ? note.substring(ETAG_NOTE.length()) : null;
  }

  public static ListedEntry directory(String rel) {
    return new ListedEntry(rel, Kind.DIRECTORY, 0, null);
  }

  public boolean isFile() {
    return kind == Kind.FILE;
  }

  public boolean isDirectory() {
    return kind == Kind.DIRECTORY;
  }
}
