package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;

import dev.ferry.engine.internal.exec.CopyCommit;
import dev.ferry.engine.internal.exec.CounterSink;
import dev.ferry.engine.internal.exec.FileCopier;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.internal.exec.OutcomeLog;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.plan.PartedFile;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.PartAssembly;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.Fingerprint;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's side of large files copied in parts: it starts each file's upload before the
 * copy stage, and afterwards completes (or aborts) it from the parts the tasks returned, verifies
 * it, moves it into place and counts it. Counted here, once, so the counters stay exact when part
 * tasks are retried.
 */
final class PartedCopies {
  private final ResolvedJob job;
  private final Configuration conf;
  private final List<PartedFile> files;
  private final List<PartTarget> targets = new ArrayList<>();
  /** Each parted file's source version when its upload started: its parts are read by different tasks. */
  private final List<Fingerprint> versions = new ArrayList<>();

  PartedCopies(ResolvedJob job, Configuration conf, List<PartedFile> files) {
    this.job = job;
    this.conf = conf;
    this.files = List.copyOf(files);
  }

  List<PartTarget> targets() {
    return targets;
  }

  /**
   * Where a file copied in parts is assembled: its final name on object stores, else a temporary
   * in the job's part folder beside it (HDFS's multipart uploader then keeps the parts in
   * {@code _ferry-<jobId>p<n>_multipart_<uuid>}, also beside it).
   */
  private String targetPath(PartedFile f) {
    String fin = job.destinationPath(f.relPath());
    return job.directWrite() ? fin : Store.join(Store.parent(fin), TemporaryNames.parted(job.jobId(), f.index()));
  }

  /** Removes the folders the files copied in parts were assembled in. */
  void removePartDirectories() {
    if (job.directWrite() || targets.isEmpty()) return;
    try (Store dst = job.destination().open(conf)) {
      java.util.Set<String> folders = new java.util.TreeSet<>();
      for (PartTarget t : targets) folders.add(Store.parent(t.target())); // <dir>/_ferry-<jobId>
      for (String folder : folders) {
        StoreEntry e = dst.stat(folder);
        if (e != null && e.directory()) dst.deleteRecursively(folder);
      }
    } catch (IOException | RuntimeException ignored) {
      // left for the next sweep; hidden from Hadoop tools by its '_' prefix
    }
  }

  /** Starts one upload per parted file. */
  void start() throws IOException {
    if (files.isEmpty()) return;
    try (Store src = job.source().open(conf); Store dst = job.destination().open(conf)) {
      for (PartedFile f : files) {
        versions.add(src.fingerprint(job.sourcePath(f.relPath())));
        String target = targetPath(f);
        if (!job.directWrite()) dst.mkdirs(Store.parent(target));
        PartAssembly a = dst.partAssembly(Store.parent(target));
        if (a == null) throw new IOException("the destination cannot assemble parts under " + Store.parent(target));
        targets.add(new PartTarget(target, a.start(target, f.length())));
      }
    }
  }

  /** Gives up every started upload (the copy stage failed). */
  void abortAll() {
    try (Store dst = job.destination().open(conf)) {
      for (PartTarget t : targets) {
        PartAssembly a = dst.partAssembly(Store.parent(t.target()));
        if (a != null) a.abort(t.upload(), t.target());
        if (!job.directWrite()) dst.delete(t.target());
      }
    } catch (IOException | RuntimeException ignored) {
      // the sweep after a failed job removes leftovers
    }
  }

  /**
   * Completes each parted file from the rows the tasks returned, counts it and writes its outcome
   * line; returns the failed outcomes.
   */
  List<CopyOutcome> finish(List<TaskRow> rows, CounterSink counters, int logPartition) throws IOException {
    List<CopyOutcome> failures = new ArrayList<>();
    if (files.isEmpty()) return failures;
    List<List<TaskRow>> byFile = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) byFile.add(new ArrayList<>());
    for (TaskRow r : rows) {
      if (r.isPart()) byFile.get(r.partedFile()).add(r);
    }
    try (Store src = job.source().open(conf); Store dst = job.destination().open(conf);
         Store logStore = job.outcomeDir().open(conf);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.jobId(), logPartition, 0)) {
      for (PartedFile f : files) {
        CopyOutcome o = finishOne(f, targets.get(f.index()), byFile.get(f.index()), src, dst, counters);
        log.write(o);
        if (o.failed()) failures.add(o);
      }
      log.commit();
    }
    return failures;
  }

  private CopyOutcome finishOne(PartedFile f, PartTarget t, List<TaskRow> parts, Store src, Store dst,
                                CounterSink counters) {
    counters.increment(Counter.FILES_EXPECTED);
    counters.add(Counter.BYTES_EXPECTED, f.length());
    String reason = "copied in " + f.parts() + " parts";
    PartAssembly a = null;
    try {
      a = dst.partAssembly(Store.parent(t.target()));
      byte[][] handles = new byte[f.parts()][];
      long bytes = 0;
      for (TaskRow r : parts) {
        if (r.error() != null) throw new IOException("part " + r.part() + ": " + r.error());
        handles[r.part() - 1] = r.partHandle();
        bytes += r.bytes();
      }
      for (int i = 0; i < handles.length; i++) {
        if (handles[i] == null) throw new IOException("part " + (i + 1) + " was not written");
      }
      if (bytes != f.length()) throw new IOException("parts hold " + bytes + " bytes, the source " + f.length());
      Fingerprint before = versions.get(f.index());
      Fingerprint after = src.fingerprint(job.sourcePath(f.relPath()));
      if (before == null || !before.equals(after)) {
        a.abort(t.upload(), t.target());
        if (!job.directWrite()) dst.delete(t.target());
        counters.increment(Counter.COPY_FAILED);
        counters.sourceChanged();
        return new CopyOutcome(f.relPath(), CopyOutcome.COPY, CopyOutcome.SOURCE_CHANGED, 0, reason,
            "source changed while its parts were read (before: " + (before == null ? "?" : before.describe())
                + "; after: " + (after == null ? "removed" : after.describe()) + ")");
      }
      a.complete(t.upload(), t.target(), List.of(handles));
      return CopyCommit.verifyAndPromote(new CopyCommit.Written(f.relPath(), job.sourcePath(f.relPath()), t.target(), job.destinationPath(f.relPath()),
          f.length(), job.directWrite()), src, dst, false, reason, counters);
    } catch (IOException | RuntimeException e) {
      if (a != null) a.abort(t.upload(), t.target());
      try {
        if (!job.directWrite()) dst.delete(t.target());
      } catch (IOException ignored) {
        // swept later
      }
      counters.increment(Counter.COPY_FAILED);
      return new CopyOutcome(f.relPath(), CopyOutcome.COPY, CopyOutcome.FAILED, 0, reason, e.toString());
    }
  }
}
