package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task's per-file outcome lines (JSON), written under an attempt-specific temporary name and
 * moved to {@code <jobId>-part-<partition>.jsonl} only when the task finishes, so a retried or
 * killed attempt never leaves a partial or duplicate part.
 */
public final class OutcomeLog implements Closeable {
  private static final ObjectWriter JSON = new ObjectMapper().writer();

  private final Store store;
  private final String tmp;
  private final String part;
  private final Writer out;
  private boolean committed;

  public static String partName(String jobId, int partition) {
    return String.format("%s-part-%05d.jsonl", jobId, partition);
  }

  /** The glob that matches every part of one job. */
  public static String partGlob(StoreLocation dir, String jobId) {
    return dir + "/" + jobId + "-part-*.jsonl";
  }

  public OutcomeLog(Store store, StoreLocation dir, String jobId, int partition, long attemptId) throws IOException {
    this.store = store;
    this.part = Store.join(dir.path(), partName(jobId, partition));
    this.tmp = Store.join(dir.path(), "." + partName(jobId, partition) + "." + attemptId + ".tmp");
    this.out = new BufferedWriter(new OutputStreamWriter(store.create(tmp), StandardCharsets.UTF_8), 1 << 16);
  }

  public synchronized void write(Map<String, Object> fields) throws IOException {
    out.write(JSON.writeValueAsString(fields));
    out.write('\n');
  }

  public void write(CopyOutcome o) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", o.path());
    m.put("action", o.action());
    m.put("status", o.status());
    m.put("bytes", o.bytes());
    m.put("reason", o.reason());
    if (o.error() != null) m.put("error", o.error());
    write(m);
  }

  public synchronized void commit() throws IOException {
    out.close();
    store.replace(tmp, part);
    committed = true;
  }

  @Override
  public synchronized void close() throws IOException {
    if (committed) return;
    try {
      out.close();
    } finally {
      store.delete(tmp);
    }
  }
}
