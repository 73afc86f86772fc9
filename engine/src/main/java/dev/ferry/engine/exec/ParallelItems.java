package dev.ferry.engine.exec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the items 0..n-1 of a task on a few threads, so small files do not wait on latency. */
final class ParallelItems {
  private ParallelItems() {
  }

  /** One item's work; IOExceptions escaping it fail the task. */
  interface ItemWork {
    void run(int index) throws IOException;
  }

  static void run(int count, int threads, String name, ItemWork work) throws IOException {
    int n = Math.max(1, Math.min(threads, count));
    if (n == 1) {
      for (int i = 0; i < count; i++) work.run(i);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>(n);
    try {
      for (int t = 0; t < n; t++) {
        futures.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < count; ) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("task cancelled");
            work.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("task cancelled");
    } catch (ExecutionException e) {
      next.set(count); // stop the other threads at their next item
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
