package dev.ferry.engine.internal.exec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that ends after {@code limit} bytes (one part of a file: some uploaders copy a
 * stream to its end whatever length they are told) and whose reads wait for the executor's
 * bandwidth budget.
 */
final class ThrottledInput extends FilterInputStream {
  private final BandwidthThrottle throttle;
  private long left;

  ThrottledInput(InputStream in, BandwidthThrottle throttle, long limit) {
    super(in);
    this.throttle = throttle;
    this.left = limit;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) return -1;
    int b = super.read();
    if (b >= 0) {
      left--;
      if (throttle != null) throttle.acquire(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (left <= 0) return -1;
    int n = super.read(buf, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
      if (throttle != null) throttle.acquire(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(Math.min(n, left));
    left -= s;
    return s;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), left);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
