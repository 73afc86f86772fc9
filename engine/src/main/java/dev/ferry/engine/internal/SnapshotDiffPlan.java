package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.exec.ChecksumComparison;
import dev.ferry.engine.internal.exec.PathListingFunction;
import dev.ferry.engine.internal.exec.SerializableConfiguration;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.spec.SnapshotDiff;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DFSUtilClient;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --update --snapshotDiff FROM TO}: the source's HDFS snapshot diff names what changed; the
 * destination (any store) is checked to hold snapshot FROM where the diff touches it, then gets the
 * renames (as renames where renaming is cheap, else as copies), the deletions (to its trash where
 * it has one), and the created and modified files, copied from snapshot TO. Neither tree is
 * listed: the work grows with the change, not with the tree. A destination that does not match
 * FROM gets a normal update (from snapshot TO) instead, with a warning.
 */
final class SnapshotDiffPlan {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotDiffPlan.class);

  private SnapshotDiffPlan() {
  }

  /** What the snapshot diff asks of the destination, with paths relative to the source root. */
  record Changes(List<String[]> renames, Set<String> deletes, Set<String> trees, Set<String> entries,
                 List<String> mustMatch, List<String> mustBeAbsent, int entriesInReport) {
  }

  static CopyWork plan(JobContext ctx, StagingArea staging) throws IOException {
    ResolvedJob job = ctx.job();
    SnapshotDiff sd = ctx.spec().snapshotDiff();
    StoreLocation snapTo = job.source();
    String rootPath = snapTo.path().substring(0, snapTo.path().length() - ("/.snapshot/" + sd.to()).length());
    StoreLocation root = new StoreLocation(snapTo.scheme(), snapTo.authority(), rootPath.isEmpty() ? "/" : rootPath);
    StoreLocation snapFrom = new StoreLocation(root.scheme(), root.authority(),
        Store.join(root.path(), ".snapshot/" + sd.from()));
    long t0 = System.nanoTime();
    Changes changes = changes(ctx, root, sd);
    LOG.info("Snapshot diff {} -> {} of {}: {} entries ({} renames, {} deletions, {} paths to copy) in {} ms", sd.from(),
        sd.to(), root, changes.entriesInReport(), changes.renames().size(), changes.deletes().size(),
        changes.trees().size() + changes.entries().size(), (System.nanoTime() - t0) / 1_000_000);
    long budget = DistributedPlan.localMax(ctx.conf());
    boolean small = changes.mustMatch().size() + changes.mustBeAbsent().size() + changes.trees().size()
        + changes.entries().size() <= Math.min(budget, 20_000);
    List<String> mismatches = small ? verifyHere(ctx, snapFrom, changes) : verify(ctx, snapFrom, changes);
    if (!mismatches.isEmpty()) {
      LOG.warn("--snapshotDiff {} {}: the destination {} does not hold snapshot {} where the diff changes it ({}{}); "
          + "running a normal update from snapshot {} instead", sd.from(), sd.to(), job.destination(), sd.from(),
          String.join(", ", mismatches.subList(0, Math.min(3, mismatches.size()))),
          mismatches.size() > 3 ? ", ..." : "", sd.to());
      return CopyJob.listedPlan(ctx, staging);
    }
    if (!ctx.spec().dryRun()) apply(ctx, changes);
    List<String> named = new ArrayList<>();
    for (String t : changes.trees()) named.add(PathListingFunction.tree(t));
    for (String e : changes.entries()) named.add(PathListingFunction.entry(e));
    if (small) {
      // a change this size is looked up and planned on the driver, without Spark jobs for it
      TreeLister.Walked s = lookHere(ctx, snapTo, named, false, "named by the snapshot diff, missing in snapshot "
          + sd.to());
      TreeLister.Walked d = lookHere(ctx, job.destination(), named, true, null);
      if (s.entries().size() + d.entries().size() <= budget) return LocalPlan.copy(ctx, s, d);
    }
    Dataset<String> paths = ctx.spark().createDataset(named, Encoders.STRING());
    StagingArea.Listing listing = staging.newListing();
    Dataset<Row> s = DistributedPlan.pathListing(ctx, snapTo, paths, false,
        "named by the snapshot diff, missing in snapshot " + sd.to(), listing.source());
    Dataset<Row> d = DistributedPlan.pathListing(ctx, job.destination(), paths, true, null, listing.destination());
    staging.listingComplete(listing, true);
    return DistributedPlan.copy(ctx, s, d);
  }

  /** Reads the diff report on the driver (its size is the change's) and turns it into work. */
  static Changes changes(JobContext ctx, StoreLocation root, SnapshotDiff sd) {
    SnapshotDiffReport report;
    try {
      FileSystem fs = new Path(root.toString()).getFileSystem(ctx.conf());
      if (!(fs instanceof DistributedFileSystem dfs)) {
        throw new dev.ferry.engine.JobSpecException("Cannot use --snapshotDiff with --src " + root
            + ": it is not on HDFS; give an hdfs:// source");
      }
      report = dfs.getSnapshotDiffReport(new Path(root.path()), sd.from(), sd.to());
    } catch (IOException e) {
      throw new JobAbortedException("Cannot read the snapshot diff " + sd.from() + " -> " + sd.to() + " of " + root
          + ": " + CopyJob.rootMessage(e) + "; nothing was written", e);
    }
    Map<String, String> renames = new LinkedHashMap<>();
    List<String> created = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    int n = 0;
    for (SnapshotDiffReport.DiffReportEntry e : report.getDiffList()) {
      String rel = DFSUtilClient.bytes2String(e.getSourcePath());
      if (rel.isEmpty()) continue; // the root's own times
      n++;
      switch (e.getType()) {
        case RENAME -> renames.put(rel, DFSUtilClient.bytes2String(e.getTargetPath()));
        case CREATE -> created.add(rel);
        case MODIFY -> modified.add(rel);
        case DELETE -> deleted.add(rel);
        default -> { }
      }
    }
    boolean cheapRename = !ctx.job().destination().isObjectStore();
    List<String[]> renameList = new ArrayList<>();
    renames.forEach((from, to) -> renameList.add(new String[] {from, to}));
    Set<String> deletes = new LinkedHashSet<>();
    Set<String> trees = new LinkedHashSet<>();
    Set<String> entries = new LinkedHashSet<>();
    List<String> mustMatch = new ArrayList<>();
    List<String> mustBeAbsent = new ArrayList<>();
    for (String[] r : renameList) {
      mustMatch.add(r[0]);
      trees.add(r[1]); // its content may have changed too: compared, and copied where it differs
      if (!cheapRename) deletes.add(r[0]);
    }
    // entries under a renamed folder are reported under its old name
    for (String p : deleted) {
      mustMatch.add(p);
      deletes.add(cheapRename ? translate(p, renameList) : p);
    }
    for (String p : created) {
      String now = translate(p, renameList);
      trees.add(now);
      mustBeAbsent.add(now);
    }
    for (String p : modified) {
      mustMatch.add(p);
      entries.add(translate(p, renameList));
    }
    // a path both renamed away and created again, or deleted and renamed onto: what TO holds wins
    if (!cheapRename) deletes.removeIf(p -> trees.contains(p) || entries.contains(p));
    // a path inside a tree that is looked at whole is looked at once
    trees.removeIf(t -> under(t, trees));
    entries.removeIf(e -> trees.contains(e) || under(e, trees));
    mustBeAbsent.removeIf(p -> renames.containsKey(p) || deleted.contains(p) || renames.containsValue(p));
    return new Changes(renameList, deletes, trees, entries, mustMatch, mustBeAbsent, n);
  }

  /** Whether {@code path} lies strictly inside one of {@code folders}. */
  static boolean under(String path, Set<String> folders) {
    for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      if (folders.contains(path.substring(0, i))) return true;
    }
    return false;
  }

  /** A path reported in snapshot FROM's names, in TO's: under a renamed folder it takes the new name. */
  static String translate(String path, List<String[]> renames) {
    String best = null;
    String to = null;
    for (String[] r : renames) {
      if ((path.equals(r[0]) || path.startsWith(r[0] + "/")) && (best == null || r[0].length() > best.length())) {
        best = r[0];
        to = r[1];
      }
    }
    return best == null ? path : to + path.substring(best.length());
  }

  /**
   * Checks, with executors, that the destination holds snapshot FROM where the diff changes it:
   * the same kind and length, and the same content by the cheapest evidence the stores have; and
   * nothing where the diff creates. Returns the paths that do not match.
   */
  private static List<String> verify(JobContext ctx, StoreLocation snapFrom, Changes c) {
    List<String> checks = new ArrayList<>();
    for (String p : c.mustMatch()) checks.add("=" + p);
    for (String p : c.mustBeAbsent()) checks.add("!" + p);
    if (checks.isEmpty()) return List.of();
    Broadcast<SerializableConfiguration> bc = SparkStage.broadcast(ctx);
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      return ctx.spark().createDataset(checks, Encoders.STRING()).repartition(ctx.partitions())
          .mapPartitions(new Verify(snapFrom, ctx.job().destination(), bc), Encoders.STRING()).limit(100)
          .collectAsList();
    } finally {
      bc.unpersist(false);
    }
  }

  /** The named paths' entries under {@code root}, looked up by the driver's threads, in path order. */
  private static TreeLister.Walked lookHere(JobContext ctx, StoreLocation root, List<String> named, boolean destination,
                                            String missingNote) throws IOException {
    List<ListedEntry> out = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Store store = root.open(ctx.conf())) {
      Threads.forEach(named, dev.ferry.engine.internal.plan.Listings.threads(ctx.conf(), root), "ferry-lookup",
          given -> PathListingFunction.look(store, root, given, destination, missingNote, ctx.job(), ctx.conf(), out::add));
    }
    java.util.TreeMap<String, ListedEntry> byPath = new java.util.TreeMap<>();
    for (ListedEntry e : out) byPath.put(e.relPath(), e);
    return new TreeLister.Walked(new ArrayList<>(byPath.values()), List.of());
  }

  /** {@link #verify} by the driver's threads, for a change small enough. */
  private static List<String> verifyHere(JobContext ctx, StoreLocation snapFrom, Changes c) throws IOException {
    List<String> checks = new ArrayList<>();
    for (String p : c.mustMatch()) checks.add("=" + p);
    for (String p : c.mustBeAbsent()) checks.add("!" + p);
    List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Store a = snapFrom.open(ctx.conf()); Store b = ctx.job().destination().open(ctx.conf())) {
      Threads.forEach(checks, 16, "ferry-verify", check -> {
        String problem = Verify.check(a, snapFrom, b, ctx.job().destination(), check);
        if (problem != null) bad.add(problem);
      });
    }
    return bad;
  }

  /** Renames, then deletions, at the destination, on the driver (one call per change). */
  private static void apply(JobContext ctx, Changes c) {
    ResolvedJob job = ctx.job();
    StoreLocation dst = job.destination();
    boolean cheapRename = !dst.isObjectStore();
    try (Store store = dst.open(ctx.conf())) {
      if (cheapRename && !c.renames().isEmpty()) {
        // two steps through a folder of the job's own, so that chains (a->b, b->c) and swaps apply
        // whatever their order; deeper sources first, so a file renamed out of a renamed folder goes too
        List<String[]> order = new ArrayList<>(c.renames());
        order.sort(Comparator.comparingInt((String[] r) -> r[0].split("/").length).reversed());
        String hold = Store.join(dst.path(), TemporaryNames.partFolder(job.jobId()));
        List<String[]> moved = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
          String from = Store.join(dst.path(), order.get(i)[0]);
          if (store.stat(from) == null) continue;
          String parked = Store.join(hold, "p" + i + ".tmp");
          store.mkdirs(hold);
          store.replace(from, parked);
          moved.add(new String[] {parked, Store.join(dst.path(), order.get(i)[1])});
        }
        for (String[] m : moved) {
          if (store.stat(m[1]) != null) store.deleteRecursively(m[1]);
          store.mkdirs(Store.parent(m[1]));
          store.replace(m[0], m[1]);
        }
        if (store.stat(hold) != null) store.deleteRecursively(hold);
      }
      long removed = 0;
      for (String rel : c.deletes()) {
        String path = Store.join(dst.path(), rel);
        StoreEntry e = store.stat(path);
        if (e == null) continue;
        store.trash(path);
        if (!e.directory()) removed++;
      }
      if (removed > 0) ctx.counters().sink().add(Counter.DST_DELETED, removed);
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Cannot apply the renames and deletions of the snapshot diff at " + dst + ": "
          + CopyJob.rootMessage(e) + "; run the same command again: a destination that no longer holds the first "
          + "snapshot gets a normal update", e);
    }
  }

  /** The checks of {@link #verify}: each {@code =rel} or {@code !rel} that does not hold comes out. */
  private static final class Verify implements MapPartitionsFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private final StoreLocation from;
    private final StoreLocation dst;
    private final Broadcast<SerializableConfiguration> conf;

    Verify(StoreLocation from, StoreLocation dst, Broadcast<SerializableConfiguration> conf) {
      this.from = from;
      this.dst = dst;
      this.conf = conf;
    }

    @Override
    public Iterator<String> call(Iterator<String> checks) throws IOException {
      List<String> bad = new ArrayList<>();
      try (Store a = from.open(conf.value().get()); Store b = dst.open(conf.value().get())) {
        while (checks.hasNext()) {
          String problem = check(a, from, b, dst, checks.next());
          if (problem != null) bad.add(problem);
        }
      }
      return bad.iterator();
    }

    /** What is wrong with one check ({@code =rel}: as in FROM; {@code !rel}: absent), or null. */
    static String check(Store a, StoreLocation from, Store b, StoreLocation dst, String c) throws IOException {
      String rel = c.substring(1);
      StoreEntry d = b.stat(Store.join(dst.path(), rel));
      if (c.charAt(0) == '!') return d != null ? rel + " exists" : null;
      StoreEntry s = a.stat(Store.join(from.path(), rel));
      if (s == null) return null;
      if (d == null) return rel + " missing";
      if (s.directory() != d.directory()) return rel + " of another kind";
      if (s.directory()) return null;
      if (s.length() != d.length()) return rel + " of another length";
      return ChecksumComparison.compare(a, Store.join(from.path(), rel), b, Store.join(dst.path(), rel), s.length(),
          d.etag()).result() == ChecksumComparison.Result.MATCH ? null : rel + " of other content";
    }
  }
}
