package dev.ferry.engine.internal.store;

/**
 * What Ferry records with a copy it verified: the CRC-32C of the content (-1 when not known), and
 * the source's length and modification time then, so that a later update can check the source
 * against the record without reading the destination (and, with --trustModificationTime, skip a
 * file whose source still has that length and time). Stored where the destination keeps user
 * metadata: S3 object metadata ({@code x-amz-meta-ferry}, set as the object is written), HDFS
 * and local extended attributes ({@code user.ferry}). On a local disk, whose extended attributes
 * survive an in-place rewrite, the destination's own size, time and inode are recorded too, with a
 * bound on its change time (which an in-place rewrite moves even when it sets the modification
 * time back), and a record that no longer matches them is ignored.
 *
 * <p>Form: {@code v1 crc32c=0a1b2c3d len=123 mtime=1700000000000[ dst=...]}.
 */
public record CopyRecord(long crc32c, long sourceLength, long sourceMtime, String destination) {
  /** The name of the record: S3 user metadata {@code ferry}, extended attribute {@code user.ferry}. */
  public static final String NAME = "ferry";

  public String format() {
    StringBuilder sb = new StringBuilder("v1");
    if (crc32c >= 0) sb.append(" crc32c=").append(String.format("%08x", crc32c));
    sb.append(" len=").append(sourceLength).append(" mtime=").append(sourceMtime);
    if (destination != null) sb.append(" dst=").append(destination);
    return sb.toString();
  }

  /** The record of a stored value, or null when there is none or it is not one Ferry wrote. */
  public static CopyRecord parse(String value) {
    if (value == null || !value.startsWith("v1")) return null;
    long crc = -1;
    long len = -1;
    long mtime = -1;
    String dst = null;
    try {
      for (String part : value.strip().split(" ")) {
        int eq = part.indexOf('=');
        if (eq < 0) continue;
        String k = part.substring(0, eq);
        String v = part.substring(eq + 1);
        switch (k) {
          case "crc32c" -> crc = Long.parseLong(v, 16);
          case "len" -> len = Long.parseLong(v);
          case "mtime" -> mtime = Long.parseLong(v);
          case "dst" -> dst = v;
          default -> { }
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return len < 0 ? null : new CopyRecord(crc, len, mtime, dst);
  }

  public CopyRecord withDestination(String dst) {
    return new CopyRecord(crc32c, sourceLength, sourceMtime, dst);
  }
}
