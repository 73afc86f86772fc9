package dev.ferry.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;

/**
 * A folder on one store that a contract test writes trees to and reads them back from: the local
 * disk, or a Hadoop filesystem (HDFS, S3, OSS) through a client of its own.
 */
public interface Place {

  /** The URI a job is given for {@code rel} under this place. */
  String uri(String rel);

  void write(String rel, Map<String, byte[]> files, String... emptyDirs) throws IOException;

  /** Every file (and, with a trailing '/', every directory) under {@code rel}, with its bytes. */
  Map<String, byte[]> read(String rel) throws IOException;

  /** Replaces or creates one file. */
  void put(String relFile, byte[] bytes) throws IOException;

  void delete(String relFile) throws IOException;

  /** Whether names may hold ':' (HDFS forbids it). */
  default boolean allowsColons() {
    return true;
  }

  /** A folder on the local disk. */
  static Place local(Path root) {
    return new Place() {
      @Override public String uri(String rel) { return root.resolve(rel).toString(); }
      @Override public void write(String rel, Map<String, byte[]> files, String... emptyDirs) throws IOException {
        Trees.writeLocal(root.resolve(rel), files, emptyDirs);
      }
      @Override public Map<String, byte[]> read(String rel) throws IOException { return Trees.readLocal(root.resolve(rel)); }
      @Override public void put(String relFile, byte[] bytes) throws IOException {
        Files.createDirectories(root.resolve(relFile).getParent());
        Files.write(root.resolve(relFile), bytes);
      }
      @Override public void delete(String relFile) throws IOException { Files.delete(root.resolve(relFile)); }
      @Override public String toString() { return "local"; }
    };
  }

  /**
   * A folder on a Hadoop filesystem.
   *
   * @param base the filesystem's URI, such as {@code hdfs://127.0.0.1:8020} or {@code s3a://bucket}
   */
  static Place hadoop(String name, String base, String root, FileSystem fs, boolean colons) {
    return new Place() {
      @Override public String uri(String rel) { return base + root + "/" + rel; }
      @Override public void write(String rel, Map<String, byte[]> files, String... emptyDirs) throws IOException {
        Trees.writeHadoop(fs, root + "/" + rel, files, emptyDirs);
      }
      @Override public Map<String, byte[]> read(String rel) throws IOException { return Trees.readHadoop(fs, root + "/" + rel); }
      @Override public void put(String relFile, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root + "/" + relFile), true)) {
          out.write(bytes);
        }
      }
      @Override public void delete(String relFile) throws IOException {
        fs.delete(new org.apache.hadoop.fs.Path(root + "/" + relFile), false);
      }
      @Override public boolean allowsColons() { return colons; }
      @Override public String toString() { return name; }
    };
  }
}
