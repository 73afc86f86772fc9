package dev.ferry.engine.internal.store;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What --preserveMeta carries from a source file or folder to its copy. Fields a store does not
 * keep are null (or -1, or empty).
 *
 * @param owner user name, or null
 * @param group group name, or null
 * @param permission POSIX permission bits (e.g. 0755), or -1
 * @param modificationTime milliseconds since the epoch, or -1
 * @param accessTime milliseconds since the epoch, or -1
 * @param replication HDFS replication, or -1
 * @param blockSize HDFS block size, or -1
 * @param xattrs extended attributes by full name ({@code user.x}, ...)
 * @param acl ACL entries beyond the permission bits, in {@code getfacl} form ({@code user:bob:r-x}, {@code default:...})
 */
public record FileMeta(String owner, String group, int permission, long modificationTime, long accessTime,
                       short replication, long blockSize, Map<String, byte[]> xattrs, List<String> acl)
    implements Serializable {

  /** Nothing known. */
  public static final FileMeta NONE = new FileMeta(null, null, -1, -1, -1, (short) -1, -1, Map.of(), List.of());
}
