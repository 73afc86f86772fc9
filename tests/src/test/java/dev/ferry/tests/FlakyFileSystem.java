package dev.ferry.tests;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Test-only filesystem ({@code flaky:///path} = the local {@code /path}) that fails the first
 * read, across all JVMs of the machine, of a file whose name matches {@code flaky.fail.regex}: by
 * throwing (the task fails and is retried) or, with {@code flaky.mode=exit}, by killing the
 * executor JVM. "First" is decided by creating a marker file in {@code flaky.marker.dir}, so that
 * the retry (in this JVM or another) reads normally. Register with {@code fs.flaky.impl}.
 */
public class FlakyFileSystem extends RawLocalFileSystem {
  public static final String REGEX = "flaky.fail.regex";
  public static final String MODE = "flaky.mode";
  public static final String MARKERS = "flaky.marker.dir";
  /** Files whose name matches are deleted just before they are opened: vanished after listing. */
  public static final String VANISH_REGEX = "flaky.vanish.regex";
  /** Files whose name matches cannot be created (a report that cannot be written). */
  public static final String CREATE_FAIL_REGEX = "flaky.create.fail.regex";
  private static final URI NAME = URI.create("flaky:///");

  private void failCreate(Path f) throws IOException {
    String regex = getConf().get(CREATE_FAIL_REGEX);
    if (regex != null && f.getName().matches(regex)) throw new IOException("injected failure creating " + f);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                   short replication, long blockSize, Progressable progress) throws IOException {
    failCreate(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                   Progressable progress) throws IOException {
    failCreate(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return "flaky";
  }

  private boolean firstRead(Path f) throws IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(getConf().get(MARKERS));
    java.nio.file.Files.createDirectories(dir);
    try {
      java.nio.file.Files.createFile(dir.resolve(f.getName()));
      return true;
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String regex = getConf().get(REGEX);
    if (regex != null && "ioerror".equals(getConf().get(MODE)) && f.getName().matches(regex)) {
      throw new IOException("injected read failure of " + f); // every attempt: a file that cannot be copied
    }
    if (regex != null && f.getName().matches(regex) && firstRead(f)) {
      if ("exit".equals(getConf().get(MODE))) {
        Runtime.getRuntime().halt(137); // an executor lost mid-task
      }
      throw new IllegalStateException("injected failure of the first attempt reading " + f);
    }
    String vanish = getConf().get(VANISH_REGEX);
    if (vanish != null && f.getName().matches(vanish)) {
      java.nio.file.Files.deleteIfExists(pathToFile(f).toPath());
    }
    return super.open(f, bufferSize);
  }
}
