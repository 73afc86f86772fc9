package dev.ferry.engine;

import dev.ferry.engine.exec.ChecksumComparison;
import dev.ferry.engine.exec.CounterSink;
import dev.ferry.engine.exec.FileCopier;
import dev.ferry.engine.exec.FileOutcome;
import dev.ferry.engine.exec.OutcomeLog;
import dev.ferry.engine.exec.PartTarget;
import dev.ferry.engine.exec.TaskRow;
import dev.ferry.engine.plan.CopyPlan;
import dev.ferry.engine.plan.PartedFile;
import dev.ferry.engine.spec.ResolvedJob;
import dev.ferry.engine.store.PartAssembly;
import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.Fingerprint;
import dev.ferry.engine.store.StoreEntry;
import dev.ferry.engine.store.TemporaryNames;
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
  private final CopyPlan plan;
  private final List<PartTarget> targets = new ArrayList<>();
  /** Each parted file's source version when its upload started: its parts are read by different tasks. */
  private final List<Fingerprint> versions = new ArrayList<>();

  PartedCopies(ResolvedJob job, Configuration conf, CopyPlan plan) {
    this.job = job;
    this.conf = conf;
    this.plan = plan;
  }

  List<PartTarget> targets() {
    return targets;
  }

  private String finalPath(PartedFile f) {
    return job.sourceIsFile() ? job.destination().path() : Store.join(job.destination().path(), f.relPath());
  }

  private String sourcePath(PartedFile f) {
    return job.sourceIsFile() ? job.source().path() : Store.join(job.source().path(), f.relPath());
  }

  private String targetPath(PartedFile f) {
    String fin = finalPath(f);
    // not dot-prefixed: HDFS's multipart uploader names its part directory after the name's text
    // before the first '.', which must not be empty
    return job.directWrite() ? fin : Store.join(Store.parent(fin), TemporaryNames.parted(job.spec().jobId(), f.index()));
    // (HDFS's multipart uploader keeps its parts in a folder named after that folder and the text
    // before the first '.', beside it: _ferry-<jobId>p<n>_multipart_<uuid>)
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
    if (plan.partedFiles().isEmpty()) return;
    try (Store src = job.source().open(conf); Store dst = job.destination().open(conf)) {
      for (PartedFile f : plan.partedFiles()) {
        versions.add(src.fingerprint(sourcePath(f)));
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
  List<FileOutcome> finish(List<TaskRow> rows, CounterSink counters, int logPartition) throws IOException {
    List<FileOutcome> failures = new ArrayList<>();
    if (plan.partedFiles().isEmpty()) return failures;
    List<List<TaskRow>> byFile = new ArrayList<>();
    for (int i = 0; i < plan.partedFiles().size(); i++) byFile.add(new ArrayList<>());
    for (TaskRow r : rows) {
      if (r.isPart()) byFile.get(r.partedFile()).add(r);
    }
    try (Store src = job.source().open(conf); Store dst = job.destination().open(conf);
         Store logStore = job.outcomeDir().open(conf);
         OutcomeLog log = new OutcomeLog(logStore, job.outcomeDir(), job.spec().jobId(), logPartition, 0)) {
      for (PartedFile f : plan.partedFiles()) {
        FileOutcome o = finishOne(f, targets.get(f.index()), byFile.get(f.index()), src, dst, counters);
        log.write(o);
        if (o.failed()) failures.add(o);
      }
      log.commit();
    }
    return failures;
  }

  private FileOutcome finishOne(PartedFile f, PartTarget t, List<TaskRow> parts, Store src, Store dst,
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
      Fingerprint after = src.fingerprint(sourcePath(f));
      if (before == null || !before.equals(after)) {
        a.abort(t.upload(), t.target());
        if (!job.directWrite()) dst.delete(t.target());
        counters.increment(Counter.COPY_FAILED);
        counters.sourceChanged();
        return new FileOutcome(f.relPath(), FileOutcome.COPY, FileOutcome.SOURCE_CHANGED, 0, reason,
            "source changed while its parts were read (before: " + (before == null ? "?" : before.describe())
                + "; after: " + (after == null ? "removed" : after.describe()) + ")");
      }
      a.complete(t.upload(), t.target(), List.of(handles));
      StoreEntry e = dst.stat(t.target());
      if (e == null || e.length() != f.length()) {
        throw new IOException("assembled file holds " + (e == null ? "nothing" : e.length() + " bytes")
            + ", the source " + f.length());
      }
      ChecksumComparison.Outcome v = ChecksumComparison.compareNative(src, sourcePath(f), dst, t.target());
      if (v != null && v.result() == ChecksumComparison.Result.MISMATCH) {
        if (!job.directWrite()) dst.delete(t.target());
        counters.increment(Counter.CHECKSUM_DIFF);
        counters.increment(Counter.COPY_FAILED);
        return new FileOutcome(f.relPath(), FileOutcome.COPY, FileOutcome.CHECKSUM_DIFF, 0, reason,
            "checksum of the copy (" + v.destinationChecksum() + ") differs from the source's (" + v.sourceChecksum() + ")");
      }
      if (!job.directWrite()) dst.replace(t.target(), finalPath(f));
      counters.increment(Counter.FILES_COPIED);
      counters.add(Counter.BYTES_COPIED, f.length());
      return new FileOutcome(f.relPath(), FileOutcome.COPY, FileOutcome.OK, f.length(), reason, null);
    } catch (IOException | RuntimeException e) {
      if (a != null) a.abort(t.upload(), t.target());
      try {
        if (!job.directWrite()) dst.delete(t.target());
      } catch (IOException ignored) {
        // swept later
      }
      counters.increment(Counter.COPY_FAILED);
      return new FileOutcome(f.relPath(), FileOutcome.COPY, FileOutcome.FAILED, 0, reason, e.toString());
    }
  }
}
