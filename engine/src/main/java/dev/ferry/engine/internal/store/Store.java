package dev.ferry.engine.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The few filesystem operations Ferry needs, on one filesystem (one scheme and authority). Paths
 * are absolute, decoded, '/'-separated strings; names may hold spaces, '%', ':' or any non-ASCII
 * character.
 *
 * <p>Behaviour that differs between stores: {@link #replace} is atomic on local disks and HDFS
 * (rename with overwrite); on object stores it is a copy and must be avoided for large files.
 * {@link #create} output becomes visible under its name when it is closed on object stores, and
 * as it is written on local disks and HDFS (which is why copies write to a temporary name).
 */
public interface Store extends Closeable {

  /** The scheme of this filesystem, such as "file", "hdfs" or "s3a". */
  String scheme();

  /** The status of a path, or null when nothing is there. */
  StoreEntry stat(String path) throws IOException;

  /**
   * The children of a directory; the names are single path components. Named pipes, sockets and
   * devices are listed as {@link StoreEntry.Kind#SPECIAL}, so a copy can say it skipped them.
   */
  List<StoreEntry> list(String directory) throws IOException;

  /**
   * The current version of a file, to tell whether it changed while it was read; null when
   * nothing is there.
   */
  Fingerprint fingerprint(String path) throws IOException;

  /**
   * True when one open stream always reads one version of a file, whatever is written meanwhile
   * (S3A pins the object's ETag on every request of a stream), so a single-stream copy needs no
   * before-and-after comparison.
   */
  default boolean streamsReadOneVersion() {
    return false;
  }

  InputStream open(String path) throws IOException;

  /** Creates or truncates a file, creating missing parent directories. */
  OutputStream create(String path) throws IOException;

  /**
   * Creates a file that must not exist yet, creating missing parents; throws
   * {@link java.nio.file.FileAlreadyExistsException} when something is there. Atomic on local disks
   * and HDFS (a lock can rely on it); a check-then-create on object stores.
   */
  OutputStream createNew(String path) throws IOException;

  void mkdirs(String directory) throws IOException;

  /** Moves {@code from} onto {@code to}, replacing a file there; throws when it cannot. */
  void replace(String from, String to) throws IOException;

  /** Deletes a file or an empty directory; returns false when nothing was there. */
  boolean delete(String path) throws IOException;

  /** Deletes a directory tree; returns false when nothing was there. */
  boolean deleteRecursively(String path) throws IOException;

  /**
   * Gives up a file being written by {@link #create} so that nothing becomes visible under its
   * name: object stores abort the upload (closing would publish what was written so far).
   */
  void abort(OutputStream out);

  /**
   * Aborts multipart uploads pending under a path (left by killed writers); returns how many, or
   * -1 when the store has no such uploads or cannot list them.
   */
  int abortPendingUploads(String path) throws IOException;

  /**
   * Part-wise assembly of files under {@code directory} (Hadoop's multipart uploader on S3A and
   * HDFS, positioned writes on a local disk), or null when the store has none.
   */
  PartAssembly partAssembly(String directory) throws IOException;

  /** Opens a file positioned at {@code offset}. */
  InputStream openAt(String path, long offset) throws IOException;

  /**
   * The checksum the store keeps for a file when it is one that compares across files whatever
   * their block or part sizes (or, for S3 ETags, may), else null.
   */
  NativeChecksum nativeChecksum(String path) throws IOException;

  /**
   * Every file and empty folder below {@code directory}, in one flat listing (pages of keys on
   * object stores, with no request per folder), or null when the store has no such listing.
   * Names are relative to {@code directory}; folders that hold something are implied by their files.
   */
  default java.util.Iterator<StoreEntry> listTree(String directory) throws IOException {
    return null;
  }

  /**
   * The path with symbolic links resolved, where the store has them (the local disk); the path
   * itself elsewhere or when it does not exist.
   */
  default String realPath(String path) {
    return path;
  }

  /**
   * A name for an existing path that is equal for every spelling of the same place (links and
   * mount points resolved, the filesystem named canonically, such as {@code hdfs://nn} and
   * {@code hdfs://nn:8020}), as {@code <scheme family>://<filesystem>/<path>}: two places
   * overlap when one's name is the other's or lies below it.
   */
  String canonicalName(String existingPath) throws IOException;

  /** Joins a directory path and a relative '/'-separated path. */
  /**
   * Removes a file or folder (with what it holds) the way a user's delete would: into the
   * store's trash where it has one enabled ({@code fs.trash.interval} on HDFS), else for good.
   *
   * @return true when it went to the trash
   */
  default boolean trash(String path) throws IOException {
    deleteRecursively(path);
    return false;
  }

  /** What --preserveMeta copies of a file or folder; {@link FileMeta#NONE} where the store keeps none. */
  default FileMeta meta(String path) throws IOException {
    return FileMeta.NONE;
  }

  /**
   * Applies what this store can hold of {@code meta} to an existing file or folder; returns what
   * it could not (one short line each: warnings, never failures).
   */
  default List<String> applyMeta(String path, FileMeta meta) throws IOException {
    return List.of(scheme() + " keeps no owner, group, permission or times");
  }

  /**
   * A checksum of the file's content the store keeps or Ferry recorded (without reading the
   * file): HDFS's composite CRC-32C, OSS's CRC-64, the CRC-32C recorded with an S3 or local copy;
   * null when there is none.
   */
  default ContentChecksum contentChecksum(String path) throws IOException {
    return null;
  }

  /** True where reading a file costs no transfer fee and little time (local disks, HDFS), unlike object stores. */
  default boolean cheapToRead() {
    return false;
  }

  /** True for a store that takes a copy's record as it is written ({@link #create(String, CopyRecord)}): S3. */
  default boolean recordsOnCreate() {
    return false;
  }

  /** Creates a file that carries {@code record} from its first byte (S3 object metadata); else as {@link #create(String)}. */
  default OutputStream create(String path, CopyRecord record) throws IOException {
    return create(path);
  }

  /** Records a verified copy with the written file, where the store has extended attributes; a no-op elsewhere. */
  default void record(String path, CopyRecord record) throws IOException {
  }

  /** The record Ferry kept with a file, or null. */
  default CopyRecord recorded(String path) throws IOException {
    return null;
  }

  /** Like {@link #create(String)}, with the block size and replication of {@code like} where the store has them. */
  default OutputStream create(String path, FileMeta like) throws IOException {
    return create(path);
  }

  /**
   * Gives a written object the storage class {@code storageClass} where the store cannot set it
   * at write time (OSS through hadoop-aliyun); a no-op elsewhere.
   */
  default void storageClass(String path, String storageClass) throws IOException {
  }

  static String join(String directory, String relative) {
    if (relative.isEmpty()) return directory;
    if (directory.endsWith("/")) return directory + relative;
    return directory + "/" + relative;
  }

  /** The parent of an absolute path ("/" for top-level names). */
  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The last component of an absolute path. */
  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
