package dev.ferry.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Driver-side fan-out of small filesystem calls (directory creation, sweeps). */
final class Parallel {
  private Parallel() {
  }

  interface IoAction<T> {
    void apply(T item) throws IOException;
  }

  static <T> void forEach(List<T> items, int threads, IoAction<T> action) throws IOException {
    if (items.isEmpty()) return;
    if (threads <= 1 || items.size() == 1) {
      for (T t : items) action.apply(t);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), r -> {
      Thread t = new Thread(r, "ferry-driver-io");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(items.size());
      for (T t : items) futures.add(pool.submit(() -> {
        action.apply(t);
        return null;
      }));
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
