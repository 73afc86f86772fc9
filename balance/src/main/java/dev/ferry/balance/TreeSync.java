package dev.ferry.balance;

import dev.ferry.engine.Counter;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/** The engine operations balance rounds are made of: update, compare, delete what the source lost. */
final class TreeSync {
  private TreeSync() {
  }

  /** How two trees differ: files to copy, and paths only at the target (to delete). */
  record Difference(long toCopy, long failed, List<String> targetOnlyFiles, List<String> targetOnlyDirs,
                    List<String> sample) {
    long total() {
      return toCopy + failed + targetOnlyFiles.size() + targetOnlyDirs.size();
    }

    /** A few of the differing paths with their categories, for messages. */
    String describe() {
      return toCopy + " files differ, " + failed + " could not be compared, "
          + (targetOnlyFiles.size() + targetOnlyDirs.size()) + " paths only at the target"
          + (sample.isEmpty() ? "" : ", e.g. " + String.join(", ", sample));
    }
  }

  /**
   * What one update did: files copied, files whose source changed while read (for a later round),
   * and files that failed otherwise, with the first of them.
   */
  record Copied(long files, long changing, long failed, String firstFailure) {
    long changes() {
      return files + changing;
    }

    /** Throws when files failed for another reason than changing: the job must stop there. */
    Copied requireCopied(String src, String dst) {
      if (failed > 0) {
        throw new IllegalStateException(failed + " files failed to copy from " + src + " to " + dst + " (first: "
            + firstFailure + "); fix the cause and run 'ferry balance continue'");
      }
      return this;
    }
  }

  static Copied update(BalanceContext c, String src, String dst, SyncOptions o, List<String> prefixes, boolean last) {
    return update(c, src, dst, o, prefixes, List.of(), last);
  }

  /**
   * An update leaving out {@code skip} (paths relative to the source). A file that changes while it
   * is copied counts as failed only in the {@code last} round (after writes were disabled);
   * before, it is left to the next round, as files still being written are.
   */
  static Copied update(BalanceContext c, String src, String dst, SyncOptions o, List<String> prefixes,
                       java.util.Collection<String> skip, boolean last) {
    CopyAction a = Ferry.update(c.spark()).source(src).destination(dst).keepOutcomes(false);
    skip.forEach(rel -> a.exclude(java.util.regex.Pattern.quote(rel)));
    if (o.map() > 0) a.parallelism(o.map());
    if (o.bandwidthMBps() > 0) a.bandwidthMBps(o.bandwidthMBps());
    prefixes.forEach(a::srcPrefix);
    CopyAction.Result r = a.execute();
    long changing = last ? 0 : r.sourceChanged();
    long failed = r.counter(Counter.COPY_FAILED) - changing;
    String first = r.failures().stream().filter(f -> last || !CopyOutcome.SOURCE_CHANGED.equals(f.status()))
        .findFirst().map(f -> f.path() + ": " + f.error()).orElse("?");
    if (changing > 0) {
      c.say("balance: " + changing + " files changed while they were copied; a later round copies them");
    }
    return new Copied(r.counter(Counter.FILES_COPIED), changing, failed, first);
  }

  static Difference diff(BalanceContext c, String src, String dst) {
    return diff(c, src, dst, true);
  }

  /**
   * @param contents compare the contents of same-length files; without, only names and lengths
   *     (a listing of both trees: what an update round needs to find paths to delete)
   */
  static Difference diff(BalanceContext c, String src, String dst, boolean contents) {
    DiffAction action = Ferry.diff(c.spark()).source(src).destination(dst);
    if (!contents) action.disableChecksum();
    DiffAction.Result r = action.execute();
    List<String> files = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    if (r.counter(Counter.DIFF_FILES) + r.counter(Counter.DIFF_FAILED) > 0 || !r.differences().isEmpty()) {
      for (Row row : r.outcomes().filter("category LIKE 'DST_ONLY%'").select("path", "category").collectAsList()) {
        (DiffOutcome.DST_ONLY_DIR.equals(row.getString(1)) ? dirs : files).add(row.getString(0));
      }
    }
    List<String> sample = r.differences().stream().limit(5).map(d -> d.category() + " " + d.path()).toList();
    return new Difference(r.counter(Counter.DIFF_FILES), r.counter(Counter.DIFF_FAILED), files, dirs, sample);
  }

  /** Deletes paths (relative to {@code dst}) that the source no longer has; directories whole. */
  static void deleteAtTarget(Configuration conf, String dst, List<String> files, List<String> dirs) throws IOException {
    StoreLocation loc = StoreLocation.resolve(dst, conf);
    List<String> doneDirs = new ArrayList<>();
    try (Store store = loc.open(conf)) {
      for (String d : dirs.stream().sorted().toList()) {
        if (doneDirs.stream().anyMatch(p -> d.startsWith(p + "/"))) continue;
        store.deleteRecursively(Store.join(loc.path(), d));
        doneDirs.add(d);
      }
      for (String f : files) {
        if (doneDirs.stream().anyMatch(p -> f.startsWith(p + "/"))) continue;
        store.delete(Store.join(loc.path(), f));
      }
    }
  }
}
