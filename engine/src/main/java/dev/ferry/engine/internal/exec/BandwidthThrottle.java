package dev.ferry.engine.internal.exec;

import java.io.InterruptedIOException;

/**
 * A write budget shared by all copy threads of one executor JVM, so that {@code --bandWidth}
 * holds per executor however many tasks and threads it runs.
 */
public final class BandwidthThrottle {
  private static BandwidthThrottle shared;

  private final double bytesPerNano;
  private long nextFreeNanos = System.nanoTime();

  private BandwidthThrottle(double bytesPerSecond) {
    this.bytesPerNano = bytesPerSecond / 1e9;
  }

  /** The executor's throttle for this limit, or null for no limit. */
  public static synchronized BandwidthThrottle forLimit(double megabytesPerSecond) {
    if (megabytesPerSecond <= 0) return null;
    double bps = megabytesPerSecond * 1024 * 1024;
    if (shared == null || shared.bytesPerNano != bps / 1e9) shared = new BandwidthThrottle(bps);
    return shared;
  }

  /** Blocks until {@code bytes} more may be written. */
  public void acquire(long bytes) throws InterruptedIOException {
    long waitUntil;
    synchronized (this) {
      long now = System.nanoTime();
      long start = Math.max(now, nextFreeNanos);
      nextFreeNanos = start + (long) (bytes / bytesPerNano);
      waitUntil = start;
    }
    long sleep = waitUntil - System.nanoTime();
    if (sleep > 0) {
      try {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while throttled");
      }
    }
  }
}
