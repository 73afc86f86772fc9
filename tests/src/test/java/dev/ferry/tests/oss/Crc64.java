package dev.ferry.tests.oss;

/**
 * CRC-64/ECMA-182 in the form OSS reports it in {@code x-oss-hash-crc64ecma}.
 *
 * <p>OSS uses the reflected ECMA-182 polynomial with an all-ones initial value and
 * final XOR (the parameter set catalogued as CRC-64/XZ). The header carries the
 * value as an <em>unsigned</em> decimal number, which is why {@link #toHeader(long)}
 * exists: the SDK parses it with {@code BigInteger} and would reject a negative
 * signed rendering as a mismatch.
 */
public final class Crc64 {

  /** ECMA-182 polynomial 0x42F0E1EBA9EA3693, bit-reversed because the CRC is reflected. */
  private static final long REFLECTED_POLY = 0xC96C5795D7870F42L;

  private static final long[] TABLE = buildTable();

  private Crc64() {
  }

  private static long[] buildTable() {
    long[] table = new long[256];
    for (int n = 0; n < 256; n++) {
      long crc = n;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLY : crc >>> 1;
      }
      table[n] = crc;
    }
    return table;
  }

  /** CRC of a whole byte array. */
  public static long of(byte[] data) {
    return of(data, 0, data.length);
  }

  /** CRC of {@code len} bytes of {@code data} starting at {@code off}. */
  public static long of(byte[] data, int off, int len) {
    long crc = ~0L;
    for (int i = off; i < off + len; i++) {
      crc = TABLE[(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
    }
    return ~crc;
  }

  /** The header rendering: unsigned decimal. */
  public static String toHeader(long crc) {
    return Long.toUnsignedString(crc);
  }
}
