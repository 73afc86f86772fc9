package dev.ferry.balance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The balance journal on any Hadoop filesystem: one folder per job holding numbered entries
 * ({@code 00000001.json}, ...), each the whole job as versioned JSON, written under a temporary
 * name and renamed (the rename's result is checked). The newest entry by number is the job's
 * state.
 */
public class BalanceJournal {
  /** The journal's location (any Hadoop URI). */
  public static final String URI_KEY = "hadoop.hdfs.procedure.scheduler.journal.uri";
  private static final Pattern ENTRY = Pattern.compile("(\\d{8,})\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Configuration conf;
  private final Map<String, JobLock> locks = new java.util.concurrent.ConcurrentHashMap<>();

  public BalanceJournal(String uri, Configuration conf) {
    this.root = new Path(uri);
    this.conf = conf;
  }

  /** The default: {@code ~/.ferry/balance-journal} on the local disk. */
  public static String defaultUri() {
    return new java.io.File(System.getProperty("user.home"), ".ferry/balance-journal").toURI().toString();
  }

  public static BalanceJournal from(Configuration conf) {
    return new BalanceJournal(conf.get(URI_KEY, defaultUri()), conf);
  }

  public String location() {
    return root.toString();
  }

  private FileSystem fs() throws IOException {
    return root.getFileSystem(conf);
  }

  /**
   * Takes the lock of a job for this process (one process at a time runs a job).
   *
   * @throws JobLock.HeldException when another live process holds it
   */
  public void lock(String id) throws IOException {
    if (locks.containsKey(id)) return;
    Path dir = new Path(root, id);
    FileSystem fs = fs();
    dev.ferry.engine.internal.store.StoreLocation loc = dev.ferry.engine.internal.store.StoreLocation.resolve(
        fs.makeQualified(dir).toString(), conf);
    locks.put(id, JobLock.acquire(id, loc, conf));
  }

  /** Releases the lock of a job, if this process holds it. */
  public void unlock(String id) {
    JobLock l = locks.remove(id);
    if (l != null) l.close();
  }

  /** Releases every lock this journal took. */
  public void unlockAll() {
    for (String id : List.copyOf(locks.keySet())) unlock(id);
  }

  /** Records the job's current state as its next numbered entry (after checking this process still holds it). */
  public void save(BalanceJob job) throws IOException {
    JobLock lock = locks.get(job.id());
    if (lock != null) lock.check();
    long seq = job.nextSequence();
    Path dir = new Path(root, job.id());
    Path entry = new Path(dir, String.format("%08d.json", seq));
    Path tmp = new Path(dir, String.format(".%08d.json.tmp", seq));
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(job.toJson());
    write(tmp, bytes);
    FileSystem fs = fs();
    if (!fs.rename(tmp, entry)) {
      fs.delete(tmp, false);
      throw new IOException("Cannot journal job " + job.id() + ": rename of " + tmp + " to " + entry + " failed");
    }
  }

  /** Writes one file; a test may make it fail. */
  protected void write(Path path, byte[] bytes) throws IOException {
    try (OutputStream out = fs().create(path, true)) {
      out.write(bytes);
    }
  }

  /** The job as its newest entry records it. */
  public BalanceJob load(String id) throws IOException {
    Path dir = new Path(root, id);
    long newest = -1;
    for (FileStatus s : fs().listStatus(dir)) {
      Matcher m = ENTRY.matcher(s.getPath().getName());
      if (m.matches()) newest = Math.max(newest, Long.parseLong(m.group(1)));
    }
    if (newest < 0) throw new FileNotFoundException("no journal entry for job " + id + " under " + dir);
    try (InputStream in = fs().open(new Path(dir, String.format("%08d.json", newest)))) {
      Map<String, Object> m = JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
      return BalanceJob.fromJson(m);
    } catch (ReflectiveOperationException e) {
      throw new IOException("Cannot recreate job " + id + " from its journal: " + e, e);
    }
  }

  /** Every job in the journal, oldest first. */
  public List<BalanceJob> jobs() throws IOException {
    List<BalanceJob> out = new ArrayList<>();
    FileSystem fs = fs();
    if (!fs.exists(root)) return out;
    for (FileStatus s : fs.listStatus(root)) {
      if (!s.isDirectory() || !s.getPath().getName().startsWith("balance-")) continue;
      try {
        out.add(load(s.getPath().getName()));
      } catch (FileNotFoundException e) {
        // a job being submitted right now: its first entry is not renamed into place yet
      }
    }
    out.sort((a, b) -> a.created().compareTo(b.created()));
    return out;
  }

  /** Jobs still running or failed: what {@code balance continue} takes up. */
  public List<BalanceJob> unfinished() throws IOException {
    return jobs().stream().filter(j -> j.status() != BalanceJob.Status.DONE).toList();
  }
}
