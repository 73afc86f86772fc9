package dev.ferry.engine.internal.exec;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that ends after {@code limit} bytes (one part of a file: some uploaders copy a
 * stream to its end whatever length they are told) whose reads are reported to {@code onRead}
 * (the executor's bandwidth budget and the job's progress).
 */
final class ThrottledInput extends FilterInputStream {
  /** Told of the bytes read; may wait (the bandwidth budget). */
  interface OnRead {
    void accept(long n) throws IOException;
  }

  private final OnRead onRead;
  private long left;

  ThrottledInput(InputStream in, OnRead onRead, long limit) {
    super(in);
    this.onRead = onRead;
    this.left = limit;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) return -1;
    int b = super.read();
    if (b >= 0) {
      left--;
      onRead.accept(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (left <= 0) return -1;
    int n = super.read(buf, off, (int) Math.min(len, left));
    if (n > 0) {
      left -= n;
      onRead.accept(n);
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
