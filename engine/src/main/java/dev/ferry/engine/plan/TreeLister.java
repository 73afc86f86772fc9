package dev.ferry.engine.plan;

import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.StoreEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lists a tree with many directory listings in flight at once, so that listing a million files on
 * a remote store is bound by the store's throughput rather than its latency. Only plain directory
 * listings are used: no per-file status or permission calls.
 */
public final class TreeLister {
  private TreeLister() {
  }

  /** The entries below {@code root} (not the root itself), sorted by relative path. */
  public static List<FileEntry> list(Store store, String root, ListingFilter filter, int threads)
      throws IOException {
    ConcurrentLinkedQueue<FileEntry> out = new ConcurrentLinkedQueue<>();
    AtomicInteger pending = new AtomicInteger();
    AtomicReference<Throwable> error = new AtomicReference<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "ferry-lister");
      t.setDaemon(true);
      return t;
    });
    try {
      new Walk(store, root, filter, pool, out, pending, error, done).submit("");
      done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Listing of " + root + " was interrupted");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Throwable t = error.get();
    if (t instanceof IOException io) throw io;
    if (t instanceof RuntimeException re) throw re;
    if (t instanceof Error err) throw err;
    List<FileEntry> sorted = new ArrayList<>(out);
    sorted.sort(Comparator.comparing(FileEntry::relPath));
    return sorted;
  }

  private record Walk(Store store, String root, ListingFilter filter, ExecutorService pool,
                      ConcurrentLinkedQueue<FileEntry> out, AtomicInteger pending,
                      AtomicReference<Throwable> error, CompletableFuture<Void> done) {

    void submit(String rel) {
      pending.incrementAndGet();
      pool.execute(() -> {
        try {
          if (error.get() == null) listOne(rel);
        } catch (Throwable t) {
          error.compareAndSet(null, t);
        } finally {
          if (pending.decrementAndGet() == 0) done.complete(null);
        }
      });
    }

    private void listOne(String rel) throws IOException {
      for (StoreEntry child : store.list(Store.join(root, rel))) {
        String childRel = rel.isEmpty() ? child.name() : rel + "/" + child.name();
        if (child.directory()) {
          if (filter.takeDirectory(childRel)) out.add(new FileEntry(childRel, true, 0, child.modificationTime()));
          if (filter.descend(childRel)) submit(childRel);
        } else if (filter.takeFile(childRel)) {
          out.add(new FileEntry(childRel, false, child.length(), child.modificationTime()));
        }
      }
    }
  }
}
