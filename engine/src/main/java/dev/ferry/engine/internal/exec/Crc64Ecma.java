package dev.ferry.engine.internal.exec;

import java.util.zip.Checksum;

/**
 * CRC-64/ECMA-182 as OSS keeps it for every object ({@code x-oss-hash-crc64ecma}): the reflected
 * polynomial 0x42F0E1EBA9EA3693, all-ones start and final inversion, one table lookup per byte.
 */
public final class Crc64Ecma implements Checksum {
  private static final long POLY_REFLECTED = 0xC96C5795D7870F42L;
  private static final long[] TABLE = new long[256];

  static {
    for (int i = 0; i < 256; i++) {
      long v = i;
      for (int k = 0; k < 8; k++) v = (v >>> 1) ^ ((v & 1) == 0 ? 0 : POLY_REFLECTED);
      TABLE[i] = v;
    }
  }

  private long state = ~0L;

  @Override
  public void update(int b) {
    state = TABLE[(int) ((state ^ b) & 0xff)] ^ (state >>> 8);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    long s = state;
    for (int i = off, end = off + len; i < end; i++) s = TABLE[(int) ((s ^ b[i]) & 0xff)] ^ (s >>> 8);
    state = s;
  }

  @Override
  public long getValue() {
    return ~state;
  }

  @Override
  public void reset() {
    state = ~0L;
  }
}
