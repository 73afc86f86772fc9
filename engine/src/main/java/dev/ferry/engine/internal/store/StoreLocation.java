package dev.ferry.engine.internal.store;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A fully qualified place: the filesystem (scheme and authority) and an absolute path in it.
 * Serializable, so executors can open their own {@link Store} for it.
 */
public record StoreLocation(String scheme, String authority, String path) implements Serializable {

  /** Qualifies a user's path or URI against the default filesystem of {@code conf}. */
  public static StoreLocation resolve(String userPath, Configuration conf) throws IOException {
    Path p = new Path(userPath);
    FileSystem fs = p.getFileSystem(conf); // throws UnsupportedFileSystemException for unknown schemes
    Path q = fs.makeQualified(p);
    URI u = q.toUri();
    String path = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    return new StoreLocation(u.getScheme(), u.getAuthority(), path);
  }

  /** The filesystem's URI, such as {@code hdfs://nn:8020/} or {@code file:///}. */
  public URI fsUri() {
    try {
      return new URI(scheme, authority, "/", null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stores where rename is a copy and an object becomes visible only when its upload completes:
   * files are written directly under their final name there.
   */
  public static boolean isObjectStore(String scheme) {
    String s = scheme.toLowerCase(java.util.Locale.ROOT);
    return s.startsWith("s3") || s.equals("oss") || s.equals("gs") || s.equals("cos") || s.equals("cosn")
        || s.equals("obs") || s.startsWith("wasb") || s.startsWith("abfs");
  }

  public boolean isObjectStore() {
    return isObjectStore(scheme);
  }

  public boolean isLocal() {
    return "file".equals(scheme);
  }

  /** True when {@code other} is this location or lies below it on the same filesystem. */
  public boolean contains(StoreLocation other) {
    if (!scheme.equalsIgnoreCase(other.scheme)) return false;
    if (authority == null ? other.authority != null : !authority.equalsIgnoreCase(other.authority)) return false;
    if (other.path.equals(path)) return true;
    String prefix = path.endsWith("/") ? path : path + "/";
    return other.path.startsWith(prefix);
  }

  /** Opens a store for this location's filesystem; the caller closes it. */
  public Store open(Configuration conf) throws IOException {
    if (isLocal()) return new LocalStore();
    return new HadoopStore(fsUri(), conf);
  }

  @Override
  public String toString() {
    return (authority == null ? scheme + "://" : scheme + "://" + authority) + path;
  }
}
