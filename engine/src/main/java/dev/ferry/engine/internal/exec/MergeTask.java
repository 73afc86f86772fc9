package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.Threads;
import dev.ferry.engine.internal.spec.Codecs;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Fingerprint;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Writes merged files (--groupBy): each output is its sources concatenated in the given order,
 * written under a temporary name (or, on object stores, uploaded under its final name and
 * published only when complete) and kept only if every source was read whole and unchanged, so a
 * merge is all or nothing. One outcome line per source file.
 */
public final class MergeTask implements FlatMapFunction<Iterator<MergeTask.Item>, TaskRow> {
  private static final long serialVersionUID = 1L;
  /** Outcome-log partitions of merge tasks start here, after any copy task's. */
  public static final int LOG_PARTITIONS = 1_000_000;

  /** One merged file: its path relative to the destination, and its sources relative to the source. */
  public record Item(String output, List<String> sources, List<Long> lengths) implements Serializable {
    public long bytes() {
      long b = 0;
      for (long l : lengths) b += l;
      return b;
    }
  }

  private final ResolvedJob job;
  private final Broadcast<SerializableConfiguration> conf;
  private final CounterSink counters;

  public MergeTask(ResolvedJob job, Broadcast<SerializableConfiguration> conf, CounterSink counters) {
    this.job = job;
    this.conf = conf;
    this.counters = counters;
  }

  @Override
  public Iterator<TaskRow> call(Iterator<Item> items) throws IOException {
    TaskContext tc = TaskContext.get();
    long attempt = tc == null ? 0 : tc.taskAttemptId();
    int partition = LOG_PARTITIONS + (tc == null ? 0 : tc.partitionId());
    Configuration c = conf.value().get();
    List<TaskRow> rows = Collections.synchronizedList(new ArrayList<>());
    int[] failures = {0};
    try (Store src = job.source().open(c);
         Store dst = job.destination().open(c);
         Store logStore = job.outcomeDir().open(c);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), partition, attempt)) {
      String prefix = TemporaryNames.filePrefix(job.jobId(), attempt);
      java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
      Threads.forEachOf(items, 4, "ferry-merge", item -> {
        List<CopyOutcome> outcomes = merge(item, src, dst, c, prefix + seq.incrementAndGet() + ".tmp");
        for (CopyOutcome o : outcomes) {
          try {
            log.write(o);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          synchronized (failures) {
            if (o.failed() && failures[0]++ < CopyTask.MAX_FAILURES_RETURNED) rows.add(TaskRow.failure(o));
          }
        }
      });
      log.commit();
    }
    return new ArrayList<>(rows).iterator();
  }

  private List<CopyOutcome> merge(Item item, Store src, Store dst, Configuration c, String tmpName) {
    long bytes = item.bytes();
    int files = item.sources().size();
    counters.add(Counter.FILES_EXPECTED, files);
    counters.add(Counter.BYTES_EXPECTED, bytes);
    String finalPath = Store.join(job.destination().path(), item.output());
    boolean direct = job.directWrite();
    String target = direct ? finalPath : Store.join(Store.parent(finalPath), tmpName);
    String reason = "merged into " + item.output();
    OutputStream raw = null;
    boolean complete = false;
    try {
      if (job.operation() == Operation.UPDATE && dst.stat(finalPath) != null) {
        // an earlier run merged files of this group: keep its file, write these beside it
        finalPath = Store.join(job.destination().path(), item.output() + "-" + job.jobId());
        target = direct ? finalPath : target;
        reason = "merged into " + item.output() + "-" + job.jobId();
      }
      dst.mkdirs(Store.parent(finalPath));
      Codecs codecs = job.options().codecs();
      CompressionCodec to = codecs == null ? null : codecs.target(c);
      raw = dst.create(target);
      OutputStream out = raw;
      CompressionOutputStream encoder = to == null ? null : to.createOutputStream(raw);
      if (encoder != null) out = encoder;
      byte[] buf = new byte[1 << 16];
      for (int i = 0; i < files; i++) {
        String path = job.sourcePath(item.sources().get(i));
        long listed = item.lengths().get(i);
        Fingerprint before = src.streamsReadOneVersion() ? null : src.fingerprint(path);
        if (before != null && before.length() != listed) {
          throw new IOException(item.sources().get(i) + " changed after it was listed (" + listed + " bytes, now "
              + before.length() + ")");
        }
        long read = 0;
        try (InputStream in = codecs != null && to == null
            ? ChecksumComparison.decoded(src.open(path), codecs.sourceCodec(Store.name(path), c)) : src.open(path)) {
          for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            read += n;
            counters.streamed(n);
          }
        }
        if (codecs == null && read != listed) {
          throw new IOException(item.sources().get(i) + " changed while it was read (listed " + listed + " bytes, read "
              + read + ")");
        }
        if (before != null && !before.equals(src.fingerprint(path))) {
          throw new IOException(item.sources().get(i) + " changed while it was read");
        }
      }
      if (encoder != null) encoder.finish();
      out.flush();
      complete = true;
    } catch (IOException | RuntimeException e) {
      return failed(item, reason, e);
    } finally {
      if (raw != null) {
        if (complete) {
          try {
            raw.close();
          } catch (IOException e) {
            complete = false;
            deleteQuietly(dst, direct ? null : target);
            return failed(item, reason, e);
          }
        } else {
          dst.abort(raw);
          deleteQuietly(dst, direct ? null : target);
        }
      }
    }
    try {
      StoreEntry written = dst.stat(target);
      if (written == null) throw new IOException("the merged file is missing after writing it");
      if (codecs() == null && written.length() != bytes) {
        throw new IOException("the merged file holds " + written.length() + " bytes, its sources " + bytes);
      }
      if (!direct) dst.replace(target, finalPath);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(dst, target);
      return failed(item, reason, e);
    }
    counters.add(Counter.FILES_COPIED, files);
    counters.add(Counter.BYTES_COPIED, bytes);
    List<CopyOutcome> out = new ArrayList<>(files);
    for (int i = 0; i < files; i++) {
      out.add(new CopyOutcome(item.sources().get(i), CopyOutcome.COPY, CopyOutcome.OK, item.lengths().get(i), reason,
          null));
    }
    return out;
  }

  private Codecs codecs() {
    return job.options().codecs();
  }

  private List<CopyOutcome> failed(Item item, String reason, Exception e) {
    counters.add(Counter.COPY_FAILED, item.sources().size());
    List<CopyOutcome> out = new ArrayList<>();
    for (int i = 0; i < item.sources().size(); i++) {
      out.add(new CopyOutcome(item.sources().get(i), CopyOutcome.COPY, CopyOutcome.FAILED, 0, reason,
          "the merge of " + item.output() + " failed, nothing of it was kept: " + e));
    }
    return out;
  }

  private static void deleteQuietly(Store dst, String path) {
    if (path == null) return;
    try {
      dst.delete(path);
    } catch (IOException | RuntimeException ignored) {
      // the next copy into this folder sweeps it
    }
  }
}
