package dev.ferry.engine.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ferry's threads, in one place: daemon threads (a job's helpers must never keep a JVM alive),
 * named after what they do, and the one fan-out every module uses for many small I/O calls.
 */
public final class Threads {
  private Threads() {
  }

  /** One unit of work on item {@code index}; an IOException escaping it stops the fan-out. */
  public interface IndexWork {
    void run(int index) throws IOException;
  }

  /** One unit of work on an item. */
  public interface ItemWork<T> {
    void run(T item) throws IOException;
  }

  public static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(Math.max(1, threads), daemon(name));
  }

  public static ScheduledExecutorService timer(String name) {
    return Executors.newSingleThreadScheduledExecutor(daemon(name));
  }

  /** Runs {@code work} for each item on up to {@code threads} threads. */
  public static <T> void forEach(List<T> items, int threads, String name, ItemWork<T> work) throws IOException {
    forEachIndex(items.size(), threads, name, i -> work.run(items.get(i)));
  }

  /**
   * Runs {@code work} for every item an iterator yields, on up to {@code threads} threads. The
   * calling thread alone reads the iterator (a Spark partition's iterator belongs to its task's
   * thread) and hands the items over through a short queue; the first failure stops the others
   * and is thrown.
   */
  public static <T> void forEachOf(java.util.Iterator<T> items, int threads, String name, ItemWork<T> work)
      throws IOException {
    if (items instanceof Listed<T> listed) { // all in memory: the threads take indexes, no queue
      forEach(listed.items(), threads, name, work);
      return;
    }
    if (threads <= 1) {
      while (items.hasNext()) work.run(items.next());
      return;
    }
    Object end = new Object();
    java.util.concurrent.BlockingQueue<Object> queue = new java.util.concurrent.ArrayBlockingQueue<>(threads * 4);
    ExecutorService pool = pool(threads, name);
    List<Future<?>> futures = new ArrayList<>(threads);
    try {
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (Object o; (o = queue.take()) != end; ) {
            @SuppressWarnings("unchecked") T item = (T) o;
            work.run(item);
          }
          queue.put(end); // pass the end on to the next worker
          return null;
        }));
      }
      while (items.hasNext()) hand(queue, items.next(), futures);
      hand(queue, end, futures);
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("cancelled");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IOException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** An iterator over a list in memory, which {@link #forEachOf} hands out by index. */
  public record Listed<T>(List<T> items) implements java.util.Iterator<T> {
    @Override
    public boolean hasNext() {
      throw new UnsupportedOperationException("handed out by index");
    }

    @Override
    public T next() {
      throw new UnsupportedOperationException("handed out by index");
    }
  }

  /** Queues one item, throwing the failure of a worker that stopped meanwhile. */
  private static void hand(java.util.concurrent.BlockingQueue<Object> queue, Object item, List<Future<?>> workers)
      throws InterruptedException, ExecutionException {
    while (!queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      for (Future<?> f : workers) {
        if (f.isDone()) f.get();
      }
    }
  }

  /**
   * Runs {@code work} for the indexes 0..count-1 on up to {@code threads} threads, each taking
   * the next index when done with one; the first failure stops the others at their next index
   * and is thrown.
   */
  public static void forEachIndex(int count, int threads, String name, IndexWork work) throws IOException {
    int n = Math.max(1, Math.min(threads, count));
    if (n == 1) {
      for (int i = 0; i < count; i++) work.run(i);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = pool(n, name);
    List<Future<?>> futures = new ArrayList<>(n);
    try {
      for (int t = 0; t < n; t++) {
        futures.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < count; ) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled");
            work.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("cancelled");
    } catch (ExecutionException e) {
      next.set(count);
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IOException(cause);
    } finally {
      pool.shutdownNow();
    }
  }
}
