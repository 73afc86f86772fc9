package dev.ferry.balance;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DFSUtilClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.OpenFileEntry;
import org.apache.hadoop.hdfs.protocol.OpenFilesIterator.OpenFilesType;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport.DiffReportEntry;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport.DiffType;

/**
 * Moves an HDFS directory to any store in snapshot rounds: a snapshot is copied whole, then each
 * round takes a new snapshot and applies the snapshot diff to the target (renames, deletes, then
 * the created and modified paths copied by the engine), until the diff is at most
 * {@code diffThreshold} and no file is open (or open files are closed by lease recovery with
 * {@code forceCloseOpen}); then writes are disabled (permission 000), a final round runs, the
 * target is verified against the final snapshot by the engine's diff, the permission is restored
 * and the snapshots are removed. Every stage records its intent first and can run again.
 */
public class SnapshotCopyProcedure extends CopyRoundsProcedure {
  enum Phase { PRECHECK, ALLOW, INIT_COPY, ROUNDS, DISABLE_WRITE, FINAL_ROUND, VERIFY, RESTORE, CLEANUP }

  private Phase phase = Phase.PRECHECK;
  private String tag;
  private int synced = -1; // the snapshot the target equals
  private boolean allowedByUs;
  /**
   * Files seen open in any round (relative paths). Unless the NameNode captures open files in
   * snapshots (dfs.namenode.snapshot.capture.openfiles), their later writes are not in snapshot
   * diffs, so every round copies them again (the update skips them when unchanged).
   */
  private final java.util.TreeSet<String> seenOpen = new java.util.TreeSet<>();

  public SnapshotCopyProcedure() {
  }

  public SnapshotCopyProcedure(String name, String source, String target, SyncOptions options) {
    super(name, source, target, options);
    this.tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
  }

  private String snapshot(int n) {
    return "ferry-" + tag + "-" + n;
  }

  private String snapshotPath(int n) {
    return source + "/.snapshot/" + snapshot(n);
  }

  private DistributedFileSystem dfs(BalanceContext c) throws IOException {
    FileSystem fs = new Path(source).getFileSystem(c.conf());
    if (!(fs instanceof DistributedFileSystem dfs)) {
      throw new IllegalArgumentException("Cannot take snapshots of " + source + ": it is not on HDFS");
    }
    return dfs;
  }

  @Override
  public Result execute(BalanceContext c) throws Exception {
    DistributedFileSystem dfs = dfs(c);
    return switch (phase) {
      case PRECHECK -> precheck(c, dfs);
      case ALLOW -> allowSnapshots(dfs);
      case INIT_COPY -> initialCopy(c);
      case ROUNDS -> round(c, dfs);
      case DISABLE_WRITE -> disableWritesStage(c);
      case FINAL_ROUND -> finalRound(c, dfs);
      case VERIFY -> verify(c);
      case RESTORE -> restore(c);
      case CLEANUP -> cleanup(c, dfs);
    };
  }

  private Result precheck(BalanceContext c, DistributedFileSystem dfs) throws IOException {
    Path src = new Path(source);
    if (!dfs.getFileStatus(src).isDirectory()) throw new IllegalArgumentException(source + " is not a directory");
    Path t = new Path(target);
    FileSystem tfs = t.getFileSystem(c.conf());
    if (tfs.exists(t) && tfs.listStatus(t).length > 0) {
      throw new IllegalArgumentException("Cannot balance into " + target + ": it exists and is not empty; "
          + "choose a new target");
    }
    allowedByUs = !dfs.getFileStatus(src).isSnapshotEnabled();
    phase = Phase.ALLOW;
    return proceed();
  }

  private Result allowSnapshots(DistributedFileSystem dfs) throws IOException {
    if (allowedByUs) dfs.allowSnapshot(new Path(source));
    for (String f : openFiles(dfs)) seenOpen.add(relative(f)); // copied live, see diffRound
    ensureSnapshot(dfs, 0);
    phase = Phase.INIT_COPY;
    return proceed();
  }

  private Result initialCopy(BalanceContext c) {
    c.say("balance: initial copy of snapshot " + snapshot(0) + " -> " + target);
    TreeSync.update(c, snapshotPath(0), target, options, List.of(), seenOpen, false).requireCopied(source, target);
    copyOpenFilesLive(c);
    synced = 0;
    phase = Phase.ROUNDS;
    return proceed();
  }

  private Result round(BalanceContext c, DistributedFileSystem dfs) throws IOException {
    List<String> open = openFiles(dfs);
    for (String f : open) seenOpen.add(relative(f));
    int changes = diffRound(c, dfs);
    c.say("balance: round " + round + ": " + changes + " changes, " + open.size() + " open files");
    if (changes <= options.diffThreshold() && open.isEmpty()) {
      phase = Phase.DISABLE_WRITE;
      return proceed();
    }
    if (changes <= options.diffThreshold() && options.forceCloseOpen()) {
      for (String f : open) dfs.recoverLease(new Path(f));
      c.say("balance: recovered the leases of " + open.size() + " open files (--forceCloseOpen)");
      return proceed();
    }
    return options.delayMillis() > 0 ? delay(Duration.ofMillis(options.delayMillis())) : proceed();
  }

  private Result disableWritesStage(BalanceContext c) throws IOException {
    if (disableWrites(c)) phase = Phase.FINAL_ROUND;
    return proceed();
  }

  private Result finalRound(BalanceContext c, DistributedFileSystem dfs) throws IOException {
    int changes = diffRound(c, dfs);
    if (!seenOpen.isEmpty()) { // all closed now
      TreeSync.update(c, source, target, options, new ArrayList<>(seenOpen), true).requireCopied(source, target);
    }
    c.say("balance: final round: " + changes + " changes");
    phase = Phase.VERIFY;
    return proceed();
  }

  private Result verify(BalanceContext c) throws IOException {
    TreeSync.Difference d = TreeSync.diff(c, snapshotPath(synced), target);
    if (d.total() > 0) {
      restoreWrites(c, true);
      throw new IllegalStateException("target " + target + " differs from snapshot " + snapshot(synced) + " ("
          + d.describe() + "); the source is writable again; run 'ferry balance continue' to retry");
    }
    c.say("balance: verified: " + target + " equals snapshot " + snapshot(synced));
    phase = Phase.RESTORE;
    return proceed();
  }

  private Result restore(BalanceContext c) throws IOException {
    restoreWrites(c, false);
    phase = Phase.CLEANUP;
    return proceed();
  }

  private Result cleanup(BalanceContext c, DistributedFileSystem dfs) throws IOException {
    Path src = new Path(source);
    for (int n = 0; n <= synced + 1; n++) {
      if (dfs.exists(new Path(snapshotPath(n)))) dfs.deleteSnapshot(src, snapshot(n));
    }
    if (allowedByUs) dfs.disallowSnapshot(src);
    c.say("balance: snapshots of " + source + " removed");
    return done();
  }

  private void ensureSnapshot(DistributedFileSystem dfs, int n) throws IOException {
    if (!dfs.exists(new Path(snapshotPath(n)))) dfs.createSnapshot(new Path(source), snapshot(n));
  }

  /**
   * Takes the next snapshot and applies its diff from the synced one to the target; returns the
   * number of changes. Safe to repeat: a rename already applied is skipped, deletes and copies
   * are idempotent.
   */
  private int diffRound(BalanceContext c, DistributedFileSystem dfs) throws IOException {
    round++;
    int next = synced + 1;
    ensureSnapshot(dfs, next);
    SnapshotDiffReport report = dfs.getSnapshotDiffReport(new Path(source), snapshot(synced), snapshot(next));
    Path t = new Path(target);
    FileSystem tfs = t.getFileSystem(c.conf());
    List<String> copy = new ArrayList<>();
    int changes = 0;
    for (DiffReportEntry e : report.getDiffList()) {
      String rel = DFSUtilClient.bytes2String(e.getSourcePath());
      if (rel.isEmpty()) continue; // the root's own metadata
      changes++;
      if (e.getType() == DiffType.RENAME) {
        String to = DFSUtilClient.bytes2String(e.getTargetPath());
        Path from = new Path(t, rel);
        Path dest = new Path(t, to);
        if (tfs.exists(from)) {
          if (tfs.exists(dest)) tfs.delete(dest, true);
          tfs.mkdirs(dest.getParent());
          if (!tfs.rename(from, dest)) throw new IOException("Cannot rename " + from + " to " + dest + " at the target");
        }
        copy.add(to); // content may have changed too; the update compares it
      }
    }
    for (DiffReportEntry e : report.getDiffList()) {
      String rel = DFSUtilClient.bytes2String(e.getSourcePath());
      if (rel.isEmpty()) continue;
      if (e.getType() == DiffType.DELETE) {
        tfs.delete(new Path(t, rel), true);
      } else if (e.getType() == DiffType.CREATE || e.getType() == DiffType.MODIFY) {
        copy.add(rel);
      }
    }
    // files seen open are read from the live source: a snapshot taken while a file was open lists
    // its length then but reads its content now; while still written, their copy may fail
    copy.removeIf(seenOpen::contains);
    if (!copy.isEmpty()) {
      changes += (int) TreeSync.update(c, snapshotPath(next), target, options, copy, phase == Phase.FINAL_ROUND)
          .requireCopied(source, target).changing();
    }
    if (phase == Phase.ROUNDS) copyOpenFilesLive(c);
    synced = next;
    return changes;
  }

  /**
   * Copies files seen open from the live source. One still being written may fail to copy (HDFS
   * cannot always read the last block of a file being written): it waits for a later round.
   */
  private void copyOpenFilesLive(BalanceContext c) {
    if (seenOpen.isEmpty()) return;
    TreeSync.Copied copied = TreeSync.update(c, source, target, options, new ArrayList<>(seenOpen), false);
    if (copied.failed() > 0) {
      c.say("balance: " + copied.failed() + " files still being written will be copied in a later round (first: "
          + copied.firstFailure() + ")");
    }
  }

  private String relative(String absolute) {
    String root = new Path(source).toUri().getPath();
    return absolute.startsWith(root + "/") ? absolute.substring(root.length() + 1) : absolute;
  }

  private List<String> openFiles(DistributedFileSystem dfs) throws IOException {
    List<String> out = new ArrayList<>();
    String prefix = new Path(source).toUri().getPath();
    RemoteIterator<OpenFileEntry> it = dfs.listOpenFiles(EnumSet.of(OpenFilesType.ALL_OPEN_FILES), prefix);
    while (it.hasNext()) out.add(it.next().getFilePath());
    return out;
  }

  @Override
  public String phase() {
    return phase.name();
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = super.state();
    m.put("tag", tag);
    m.put("synced", synced);
    m.put("allowedByUs", allowedByUs);
    m.put("seenOpen", new ArrayList<>(seenOpen));
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Map<String, Object> s) {
    super.restore(s);
    phase = Phase.valueOf((String) s.get("phase"));
    tag = (String) s.get("tag");
    synced = ((Number) s.get("synced")).intValue();
    allowedByUs = (Boolean) s.get("allowedByUs");
    seenOpen.clear();
    if (s.get("seenOpen") != null) seenOpen.addAll((List<String>) s.get("seenOpen"));
  }
}
