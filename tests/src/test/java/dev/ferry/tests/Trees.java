package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/** Builds test trees and reads any tree (local or Hadoop) into path → content for comparison. */
public final class Trees {
  private Trees() {
  }

  /**
   * A tree with nested and empty directories, empty files, names with spaces, non-ASCII and
   * URI-special characters, a file larger than one copy buffer, and dot/underscore names.
   */
  public static Map<String, byte[]> awkwardTree() {
    Map<String, byte[]> t = new TreeMap<>();
    Random r = new Random(7);
    t.put("a/b/c/deep.bin", bytes(r, 5000));
    t.put("a/empty-file", new byte[0]);
    t.put("a/b/name with spaces.txt", "spaces".getBytes());
    t.put("ünïcødé/日本語.txt", "non-ascii".getBytes());
    t.put("special/100% #1 ?x=y&z+w.txt", "uri-special".getBytes());
    t.put("special/colon:name", "colon".getBytes());
    t.put(".hidden", "dot".getBytes());
    t.put("_SUCCESS", new byte[0]);
    t.put("big/large.bin", bytes(r, 3 * 1024 * 1024 + 17));
    for (int i = 0; i < 40; i++) t.put(String.format("many/f%03d", i), bytes(r, 100 + i));
    return t;
  }

  /** Directories (relative) that hold no file. */
  public static final String[] EMPTY_DIRS = {"empty", "a/b/empty too"};

  public static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  public static void writeLocal(Path root, Map<String, byte[]> files, String... emptyDirs) throws IOException {
    Files.createDirectories(root);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    for (String d : emptyDirs) Files.createDirectories(root.resolve(d));
  }

  public static void writeHadoop(FileSystem fs, String root, Map<String, byte[]> files, String... emptyDirs)
      throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      try (var out = fs.create(hpath(fs, root, e.getKey()), true)) {
        out.write(e.getValue());
      }
    }
    for (String d : emptyDirs) fs.mkdirs(hpath(fs, root, d));
  }

  static org.apache.hadoop.fs.Path hpath(FileSystem fs, String root, String rel) {
    return new org.apache.hadoop.fs.Path(fs.getUri().getScheme(), fs.getUri().getAuthority(), root + "/" + rel);
  }

  /** Relative path → content of every file; directories as path + "/" → empty. */
  public static Map<String, byte[]> readLocal(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.exists(root)) return out;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(root)) continue;
        String rel = root.relativize(p).toString();
        if (Files.isDirectory(p)) out.put(rel + "/", new byte[0]);
        else out.put(rel, Files.readAllBytes(p));
      }
    }
    return out;
  }

  /** Empty when nothing is at {@code root}. */
  public static Map<String, byte[]> readHadoop(FileSystem fs, String root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    FileStatus top;
    try {
      top = fs.getFileStatus(new org.apache.hadoop.fs.Path(fs.getUri().getScheme(), fs.getUri().getAuthority(), root));
    } catch (java.io.FileNotFoundException e) {
      return out;
    }
    readHadoop(fs, top, "", out);
    return out;
  }

  private static void readHadoop(FileSystem fs, FileStatus dir, String rel, Map<String, byte[]> out) throws IOException {
    RemoteIterator<FileStatus> it = fs.listStatusIterator(dir.getPath());
    while (it.hasNext()) {
      FileStatus s = it.next();
      String childRel = rel.isEmpty() ? s.getPath().getName() : rel + "/" + s.getPath().getName();
      if (s.isDirectory()) {
        out.put(childRel + "/", new byte[0]);
        readHadoop(fs, s, childRel, out);
      } else {
        try (InputStream in = fs.open(s.getPath())) {
          out.put(childRel, in.readAllBytes());
        }
      }
    }
  }

  /** Adds the directory entries ("x/") a file map implies, plus the empty directories. */
  public static Map<String, byte[]> withDirectories(Map<String, byte[]> files, String... emptyDirs) {
    Map<String, byte[]> out = new TreeMap<>(files);
    for (String f : files.keySet()) {
      for (int i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) out.put(f.substring(0, i + 1), new byte[0]);
    }
    for (String d : emptyDirs) {
      for (int i = d.indexOf('/'); i >= 0; i = d.indexOf('/', i + 1)) out.put(d.substring(0, i + 1), new byte[0]);
      out.put(d + "/", new byte[0]);
    }
    return out;
  }

  public static void assertSameTree(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(actual.keySet()).as("paths of the destination tree").containsExactlyElementsOf(expected.keySet());
    for (String k : expected.keySet()) {
      assertThat(actual.get(k)).as("content of " + k).isEqualTo(expected.get(k));
    }
  }
}
