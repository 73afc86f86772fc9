package dev.ferry.engine.internal;

import dev.ferry.engine.Counter;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.ListingFilter;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a copy job does on the driver once the files are copied: publish or roll back a
 * transaction (--enableTransaction), delete what the source no longer has (--syncSourceDelete),
 * remove the source folders a move emptied (--deleteOnSuccess), and give folders their source's
 * metadata (--preserveMeta).
 */
final class AfterCopy {
  private static final Logger LOG = LoggerFactory.getLogger(AfterCopy.class);

  private AfterCopy() {
  }

  /** Creates the transaction's staging folder (before anything is written). */
  static void beginTransaction(JobContext ctx) {
    ResolvedJob job = ctx.job();
    StoreLocation txn = job.options().transactionDir();
    try (Store store = txn.open(ctx.conf())) {
      if (store.stat(txn.path()) != null) store.deleteRecursively(txn.path()); // a killed run of the same job id
      store.mkdirs(txn.path());
    } catch (IOException e) {
      throw new JobAbortedException("Cannot create the transaction's staging folder " + txn + ": " + e.getMessage()
          + "; nothing was written to the destination", e);
    }
  }

  /** Removes the transaction's staging: nothing of the job reaches the destination. */
  static void rollBack(JobContext ctx) {
    StoreLocation txn = ctx.job().options().transactionDir();
    try (Store store = txn.open(ctx.conf())) {
      store.deleteRecursively(txn.path());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the transaction's staging {}: {}; remove it by hand (nothing of it was published)", txn,
          e.toString());
    }
  }

  /**
   * Moves every staged file to its place. A destination that did not exist is one rename of the
   * staging folder (atomic on HDFS and local disks); into an existing tree each file replaces its
   * counterpart (each file atomically on HDFS and local disks; on object stores a rename is a
   * server-side copy, so readers may see the new files appear one by one during the publish).
   *
   * @param expectedFiles the files the job wrote; a staging that holds another number was touched
   *     by someone else, and nothing is published
   */
  static void publish(JobContext ctx, long expectedFiles) {
    ResolvedJob job = ctx.job();
    StoreLocation txn = job.options().transactionDir();
    StoreLocation dst = job.destination();
    Configuration conf = ctx.conf();
    try (Store store = dst.open(conf)) {
      if (job.sourceIsFile()) {
        String staged = job.writePath("");
        if (store.stat(staged) == null) {
          if (expectedFiles > 0) throw new IOException("the staged file " + staged + " is gone");
        } else {
          store.mkdirs(Store.parent(dst.path()));
          store.replace(staged, dst.path());
        }
        store.deleteRecursively(txn.path());
        return;
      }
      ConcurrentLinkedQueue<ListedEntry> staged = new ConcurrentLinkedQueue<>();
      TreeLister.stream(store, txn.path(), List.of(""), new ListingFilter(txn.toString(), List.of(), List.of()),
          Listings.threads(conf, dst), true, Long.MAX_VALUE, staged::add, f -> { });
      List<ListedEntry> files = staged.stream().filter(ListedEntry::isFile).toList();
      if (files.size() != expectedFiles) {
        throw new IOException("the staging holds " + files.size() + " files where the job wrote " + expectedFiles
            + " (another process changed it)");
      }
      StoreEntry existing = store.stat(dst.path());
      if (existing == null || (existing.directory() && store.list(dst.path()).isEmpty())) {
        if (existing != null) store.deleteRecursively(dst.path());
        store.mkdirs(Store.parent(dst.path()));
        store.replace(txn.path(), dst.path());
        LOG.info("Published {} files to {} in one rename", files.size(), dst);
        return;
      }
      List<String> folders = staged.stream().filter(ListedEntry::isDirectory).map(ListedEntry::relPath).sorted().toList();
      for (String f : folders) store.mkdirs(Store.join(dst.path(), f));
      Threads.forEach(files, Listings.threads(conf, dst), "ferry-publish",
          f -> store.replace(Store.join(txn.path(), f.relPath()), Store.join(dst.path(), f.relPath())));
      store.deleteRecursively(txn.path());
      LOG.info("Published {} files to {}", files.size(), dst);
    } catch (IOException | RuntimeException e) {
      throw new JobAbortedException("Cannot publish the transaction of " + dst + ": " + CopyJob.rootMessage(e)
          + "; its files stay staged in " + txn + " (the destination may hold some of them)", e);
    }
  }

  /**
   * Deletes the destination files and folders the source does not have, to the destination's
   * trash where it has one. A folder goes with what it holds; the files inside it are counted.
   */
  static void deleteMissing(JobContext ctx, List<WorkItem> deletions) {
    if (deletions.isEmpty()) return;
    ResolvedJob job = ctx.job();
    List<WorkItem> sorted = new ArrayList<>(deletions);
    sorted.sort(Comparator.comparing(WorkItem::path));
    // the top-most paths: a folder's contents go with it
    List<String> tops = new ArrayList<>();
    for (WorkItem it : sorted) {
      String last = tops.isEmpty() ? null : tops.get(tops.size() - 1);
      if (last != null && it.path().startsWith(last + "/")) continue;
      if (it.decision() == CopyDecision.DELETE || it.decision() == CopyDecision.DELETE_DIR) tops.add(it.path());
    }
    int[] trashed = {0};
    List<String> done = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    try (Store store = job.destination().open(ctx.conf())) {
      Threads.forEach(tops, Listings.threads(ctx.conf(), job.destination()), "ferry-delete", rel -> {
        try {
          if (store.trash(job.destinationPath(rel))) {
            synchronized (trashed) {
              trashed[0]++;
            }
          }
          done.add(rel);
        } catch (IOException | RuntimeException e) {
          failed.add(rel + ": " + e.getMessage());
        }
      });
    } catch (IOException e) {
      failed.add(e.toString());
    }
    java.util.TreeSet<String> gone = new java.util.TreeSet<>(done);
    long files = sorted.stream().filter(it -> it.decision() == CopyDecision.DELETE)
        .filter(it -> gone.contains(it.path()) || under(gone, it.path())).count();
    ctx.counters().sink().add(Counter.DST_DELETED, files);
    LOG.warn("Deleted {} destination files ({} paths, {} to the trash) whose source is gone", files, done.size(),
        trashed[0]);
    if (!failed.isEmpty()) {
      LOG.warn("Could not delete {} destination paths, e.g. {}", failed.size(), failed.get(0));
    }
  }

  private static boolean under(java.util.TreeSet<String> tops, String path) {
    String floor = tops.floor(path);
    return floor != null && path.startsWith(floor + "/");
  }

  /** After a move: removes the source folders that are now empty, deepest first (never the source root). */
  static void removeEmptiedFolders(JobContext ctx) {
    ResolvedJob job = ctx.job();
    if (job.sourceIsFile()) return;
    StoreLocation src = job.source();
    try (Store store = src.open(ctx.conf())) {
      List<String> folders = folders(ctx, store, src);
      folders.sort(Comparator.comparingInt((String f) -> f.split("/").length).reversed());
      int removed = 0;
      for (String f : folders) {
        String path = Store.join(src.path(), f);
        if (store.list(path).isEmpty() && store.delete(path)) removed++;
      }
      if (removed > 0) LOG.info("Removed {} emptied source folders", removed);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the emptied source folders under {}: {}", src, e.toString());
    }
  }

  /** --preserveMeta: folders get their source folder's owner, group, permission, times (deepest first: times last). */
  static void preserveFolderMeta(JobContext ctx) {
    ResolvedJob job = ctx.job();
    if (job.sourceIsFile()) return;
    StoreLocation src = job.source();
    try (Store s = src.open(ctx.conf()); Store d = job.destination().open(ctx.conf())) {
      List<String> folders = folders(ctx, s, src);
      folders.add("");
      folders.sort(Comparator.comparingInt((String f) -> f.isEmpty() ? 0 : f.split("/").length).reversed());
      java.util.Set<String> warned = new java.util.HashSet<>();
      for (String f : folders) {
        String target = Store.join(job.destination().path(), f);
        if (d.stat(target) == null) continue;
        for (String w : d.applyMeta(target, s.meta(Store.join(src.path(), f)))) {
          if (warned.add(w)) LOG.warn("--preserveMeta: {}", w);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not preserve the metadata of folders under {}: {}", job.destination(), e.toString());
    }
  }

  /** The folders of the source tree (relative paths), listed on the driver; files are not kept. */
  private static List<String> folders(JobContext ctx, Store store, StoreLocation root) throws IOException {
    ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    TreeLister.stream(store, root.path(), List.of(""), new ListingFilter(root.toString(), List.of(), List.of()),
        Listings.threads(ctx.conf(), root), false, Long.MAX_VALUE, e -> {
          if (e.isDirectory()) out.add(e.relPath());
        }, f -> { });
    return new ArrayList<>(out);
  }
}
