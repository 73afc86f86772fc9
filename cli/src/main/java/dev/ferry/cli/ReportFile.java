package dev.ferry.cli;

import dev.ferry.engine.JobSpecException;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code --report} file and the {@code <report>.alarms.json} beside it: a local path (on the
 * driver's machine), or any Hadoop URI such as {@code hdfs://nn/reports/r.json}. Written under a
 * temporary name and renamed, so a reader never sees half a report.
 */
final class ReportFile {
  private final String given;
  private final StoreLocation location;
  private final Configuration conf;

  private ReportFile(String given, StoreLocation location, Configuration conf) {
    this.given = given;
    this.location = location;
    this.conf = conf;
  }

  /**
   * Checks the place before the job starts.
   *
   * @throws JobSpecException a one-line message naming {@code --report}
   */
  static ReportFile check(String given, Map<String, String> hadoopConf) {
    Configuration conf = new Configuration();
    hadoopConf.forEach(conf::set);
    StoreLocation loc;
    try {
      URI u = new URI(given);
      if (u.getScheme() == null || u.getScheme().length() == 1) { // a bare path (or a Windows drive letter)
        Path p = Path.of(given).toAbsolutePath().normalize();
        loc = new StoreLocation("file", null, p.toString());
      } else {
        loc = StoreLocation.resolve(given, conf);
      }
    } catch (URISyntaxException e) {
      Path p = Path.of(given).toAbsolutePath().normalize();
      loc = new StoreLocation("file", null, p.toString());
    } catch (IOException | IllegalArgumentException e) {
      throw new JobSpecException("Cannot write --report " + given + ": " + oneLine(e) + "; give a local path or a "
          + "Hadoop URI such as hdfs://nn:8020/reports/r.json");
    }
    if (loc.path().equals("/")) {
      throw new JobSpecException("Cannot write --report " + given + ": it is a directory; give a file path");
    }
    try (Store store = loc.open(conf)) {
      StoreEntry e = store.stat(loc.path());
      if (e != null && e.directory()) {
        throw new JobSpecException("Cannot write --report " + given + ": it is a directory; give a file path");
      }
      String parent = Store.parent(loc.path());
      StoreEntry p = store.stat(parent);
      if (p != null && !p.directory()) {
        throw new JobSpecException("Cannot write --report " + given + ": " + parent + " is a file; choose another path");
      }
      if (p == null) store.mkdirs(parent);
      if (loc.isLocal() && !Files.isWritable(Path.of(parent))) {
        throw new JobSpecException("Cannot write --report " + given + ": " + parent + " is not writable; choose another path");
      }
    } catch (IOException e) {
      throw new JobSpecException("Cannot write --report " + given + ": " + oneLine(e) + "; choose another path");
    }
    return new ReportFile(given, loc, conf);
  }

  void write(String text) throws IOException {
    writeAt(location.path(), text);
  }

  /** Writes a file beside the report, named after it with {@code suffix} appended. */
  void writeBeside(String suffix, String text) throws IOException {
    writeAt(location.path() + suffix, text);
  }

  private void writeAt(String path, String text) throws IOException {
    String tmp = Store.join(Store.parent(path), "." + Store.name(path) + ".tmp");
    try (Store store = location.open(conf)) {
      try (OutputStream out = store.create(tmp)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      store.replace(tmp, path);
    }
  }

  @Override
  public String toString() {
    return given;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
