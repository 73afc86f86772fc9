package dev.ferry.engine.internal.plan;

import dev.ferry.engine.internal.Threads;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.hadoop.security.AccessControlException;

/**
 * Lists a tree with many directory listings in flight at once, so that listing a million files on
 * a remote store is bound by the store's throughput rather than its latency. Only plain directory
 * listings are used: no per-file status or permission calls.
 *
 * <p>A subdirectory that cannot be read (permissions) or that leads back into the walk through a
 * symbolic link is listed as UNLISTABLE and the walk goes on; only the root failing to list, or
 * an error of the store itself, stops it. With a budget, the walk stops descending once it has
 * listed that many entries and hands back the folders it did not list (the frontier), for
 * executors to list.
 */
public final class TreeLister {
  private TreeLister() {
  }

  /** What a walk listed, and the folders it left unlisted (relative paths; empty when complete). */
  public record Walked(List<ListedEntry> entries, List<String> frontier) {
    public boolean complete() {
      return frontier.isEmpty();
    }
  }

  /** Lists the whole tree under {@code root} (not the root itself), sorted by relative path. */
  public static Walked list(Store store, String root, ListingFilter filter, int threads, boolean destination)
      throws IOException {
    return list(store, root, List.of(""), filter, threads, destination, Long.MAX_VALUE);
  }

  /**
   * Lists the trees under the folders {@code starts} (relative to {@code root}), descending until
   * about {@code budget} entries are listed.
   *
   * @param destination recognise the temporaries of earlier Ferry jobs as LEFTOVER
   */
  public static Walked list(Store store, String root, List<String> starts, ListingFilter filter, int threads,
                            boolean destination, long budget) throws IOException {
    ConcurrentLinkedQueue<ListedEntry> out = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> frontier = new ConcurrentLinkedQueue<>();
    stream(store, root, starts, filter, threads, destination, budget, out::add, frontier::add);
    List<ListedEntry> sorted = new ArrayList<>(out);
    sorted.sort(Comparator.comparing(ListedEntry::relPath));
    List<String> f = new ArrayList<>(frontier);
    f.sort(null);
    return new Walked(sorted, f);
  }

  /**
   * Lists the trees under {@code starts}, handing each entry to {@code sink} as it is found (in
   * no order, from several threads), and each folder left unlisted to {@code unlisted}.
   */
  public static void stream(Store store, String root, List<String> starts, ListingFilter filter, int threads,
                            boolean destination, long budget, Consumer<ListedEntry> sink,
                            Consumer<String> unlisted) throws IOException {
    AtomicInteger pending = new AtomicInteger();
    AtomicReference<Throwable> error = new AtomicReference<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    ExecutorService pool = Threads.pool(threads, "ferry-lister");
    try {
      Walk walk = new Walk(store, root, store.realPath(root), filter, destination, budget, new AtomicLong(),
          new AtomicInteger(), new AtomicLong(), pool,
          sink, unlisted, pending, error, done);
      // the driver hands off only folders it reached without crossing a link, so each start's real
      // path is the root's plus its relative path
      // the submitting thread holds one count until every start is handed out: otherwise the
      // first start finishing before the next is submitted would end the walk early
      pending.incrementAndGet();
      for (String start : starts) walk.submit(new Dir(start, null, List.of(), start));
      if (pending.decrementAndGet() == 0) done.complete(null);
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
  }

  /**
   * Lists the trees under {@code starts} with the store's flat listing (one stream of keys per
   * start: no request per folder), when it has one; returns false when it has none.
   */
  public static boolean streamFlat(Store store, String root, List<String> starts, ListingFilter filter,
                                   boolean destination, Consumer<ListedEntry> sink) throws IOException {
    java.util.Set<String> folders = new java.util.HashSet<>(starts);
    for (String start : starts) {
      java.util.Iterator<StoreEntry> it = store.listTree(Store.join(root, start));
      if (it == null) return false;
      try {
        while (it.hasNext()) {
          StoreEntry e = it.next();
          String rel = start.isEmpty() ? e.name() : start + "/" + e.name();
          if (!takenFolders(rel, e.directory(), start, filter, folders, sink)) continue;
          String name = Store.name("/" + rel);
          if (destination && !e.directory() && (TemporaryNames.isTemporaryFile(name) || inPartFolder(rel))) {
            sink.accept(new ListedEntry(rel, ListedEntry.Kind.LEFTOVER, 0, null));
          } else if (e.directory()) {
            if (filter.takeDirectory(rel) && folders.add(rel)) sink.accept(ListedEntry.directory(rel));
          } else if (filter.takeFile(rel)) {
            sink.accept(destination ? ListedEntry.file(rel, e.length(), e.etag()) : ListedEntry.file(rel, e.length()));
          }
        }
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return true;
  }

  /**
   * Emits the folders above a flat-listed path (below its start) not seen yet; false when one of
   * them is excluded, so the path is not taken.
   */
  private static boolean takenFolders(String rel, boolean isFolder, String start, ListingFilter filter,
                                      java.util.Set<String> seen, Consumer<ListedEntry> sink) {
    int from = start.isEmpty() ? 0 : start.length() + 1;
    for (int slash = rel.indexOf('/', from); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
      String folder = rel.substring(0, slash);
      if (!filter.descend(folder)) return false;
      if (!seen.contains(folder) && filter.takeDirectory(folder)) {
        seen.add(folder);
        sink.accept(ListedEntry.directory(folder));
      }
    }
    return !isFolder || filter.descend(rel) || filter.takeDirectory(rel);
  }

  /** A file assembled from parts by a killed job ({@code _ferry-<job>/p<n>.tmp}). */
  private static boolean inPartFolder(String rel) {
    String parent = Store.parent("/" + rel);
    return TemporaryNames.isAssembledPart(Store.name(parent), Store.name("/" + rel));
  }

  /** True for errors that concern one directory (permissions, link loops), not the store. */
  static boolean isPathProblem(IOException e) {
    return e instanceof AccessDeniedException || e instanceof AccessControlException
        || (e instanceof FileSystemException && !(e instanceof NoSuchFileException));
  }

  /**
   * A directory to list: its path relative to the root, its real path when the walk reached it
   * through a symbolic link (else null: the root's real path plus {@code rel}), and the real
   * paths of the directories where the walk crossed links on the way.
   */
  private record Dir(String rel, String real, List<String> crossings, String start) {
    Dir(String rel, String real, List<String> crossings) {
      this(rel, real, crossings, null);
    }
  }

  private record Walk(Store store, String root, String realRoot, ListingFilter filter, boolean destination,
                      long budget, AtomicLong listed, AtomicInteger inFlight, AtomicLong foldersListed,
                      ExecutorService pool, Consumer<ListedEntry> out,
                      Consumer<String> unlisted, AtomicInteger pending, AtomicReference<Throwable> error,
                      CompletableFuture<Void> done) {

    void submit(Dir dir) {
      pending.incrementAndGet();
      pool.execute(() -> {
        try {
          if (error.get() != null) return;
          // over the budget, a folder below a start is left for an executor (folders reached
          // through links are listed here: their loop check needs the walk's path)
          boolean mayLeave = dir.start() == null && dir.real() == null;
          if (overBudget(mayLeave)) {
            unlisted.accept(dir.rel());
          } else {
            try {
              listOne(dir);
            } finally {
              foldersListed.incrementAndGet();
              inFlight.decrementAndGet();
            }
          }
        } catch (Throwable t) {
          error.compareAndSet(null, t);
        } finally {
          if (pending.decrementAndGet() == 0) done.complete(null);
        }
      });
    }

    /**
     * Whether listing one more folder would go over the budget, counting the folders being listed
     * now at the average size of those listed so far (without them, every listing thread would
     * start a folder before the first one counts its entries). Takes a listing slot when not (or
     * when the folder may not be left).
     */
    private boolean overBudget(boolean mayLeave) {
      if (budget == Long.MAX_VALUE || !mayLeave) {
        inFlight.incrementAndGet();
        return false;
      }
      int others = inFlight.getAndIncrement();
      long folders = foldersListed.get();
      long n = listed.get();
      long perFolder = folders == 0 ? 0 : n / folders;
      if (n + others * perFolder >= budget) {
        inFlight.decrementAndGet();
        return true;
      }
      return false;
    }

    private void emit(ListedEntry e) {
      listed.incrementAndGet();
      out.accept(e);
    }

    private void listOne(Dir dir) throws IOException {
      String rel = dir.rel();
      List<StoreEntry> children;
      try {
        children = store.list(Store.join(root, rel));
      } catch (FileNotFoundException | NoSuchFileException e) {
        if (rel.isEmpty()) throw e;
        return; // removed since its parent was listed
      } catch (IOException e) {
        if (rel.isEmpty() || !isPathProblem(e)) throw e;
        emit(new ListedEntry(rel, ListedEntry.Kind.UNLISTABLE, 0, "cannot list this directory: " + firstLine(e)));
        return;
      }
      for (StoreEntry child : children) {
        String childRel = rel.isEmpty() ? child.name() : rel + "/" + child.name();
        if (destination && isLeftover(child, childRel)) {
          emit(new ListedEntry(childRel, ListedEntry.Kind.LEFTOVER, 0, null));
        } else if (child.directory()) {
          directory(dir, child, childRel);
        } else if (!filter.takeFile(childRel)) {
          continue;
        } else if (child.special()) {
          emit(new ListedEntry(childRel, ListedEntry.Kind.SPECIAL, 0, "not a regular file (a named pipe, socket or device)"));
        } else {
          emit(destination ? ListedEntry.file(childRel, child.length(), child.etag()) : ListedEntry.file(childRel, child.length()));
        }
      }
    }

    private void directory(Dir parent, StoreEntry child, String childRel) {
      Dir next;
      if (child.linkTarget() == null) {
        next = new Dir(childRel, parent.real() == null ? null : parent.real() + "/" + child.name(), parent.crossings());
      } else {
        String here = parent.real() != null ? parent.real() : Store.join(realRoot, parent.rel());
        String target = child.linkTarget();
        if (within(here, target) || parent.crossings().stream().anyMatch(c -> within(c, target))) {
          if (filter.takeDirectory(childRel)) {
            emit(new ListedEntry(childRel, ListedEntry.Kind.UNLISTABLE, 0, "symbolic link loop: it leads to " + target
                + ", which holds it; the directory is not copied"));
          }
          return;
        }
        List<String> crossings = new ArrayList<>(parent.crossings());
        crossings.add(here);
        next = new Dir(childRel, target, List.copyOf(crossings));
      }
      if (filter.takeDirectory(childRel)) emit(ListedEntry.directory(childRel));
      if (filter.descend(childRel)) submit(next);
    }

    /** True when {@code path} is {@code ancestor} or lies below it. */
    private static boolean within(String path, String ancestor) {
      return path.equals(ancestor) || path.startsWith(ancestor.endsWith("/") ? ancestor : ancestor + "/");
    }

    private boolean isLeftover(StoreEntry child, String childRel) throws IOException {
      if (!child.directory()) return TemporaryNames.isTemporaryFile(child.name());
      return TemporaryNames.isTemporaryFolder(child.name(), () -> store.list(Store.join(root, childRel)));
    }
  }

  static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
