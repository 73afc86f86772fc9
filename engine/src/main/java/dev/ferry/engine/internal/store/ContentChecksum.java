package dev.ferry.engine.internal.store;

/**
 * A checksum of a file's whole content in an algorithm anyone holding the bytes can compute
 * (CRC32C, CRC64ECMA), so that one side kept by a store (HDFS's composite CRC, OSS's CRC-64, a
 * CRC-32C Ferry recorded with an S3 copy) can be checked against the other side read once.
 *
 * @param evidence where the value came from, for the outcome log (e.g. "HDFS composite CRC",
 *     "recorded at copy", "read")
 */
public record ContentChecksum(String algorithm, long value, String evidence) {
  public static final String CRC32C = "CRC32C";
  public static final String CRC64ECMA = "CRC64ECMA";

  public String describe() {
    String hex = algorithm.equals(CRC32C) ? String.format("%08x", value) : String.format("%016x", value);
    return algorithm + ":" + hex + " (" + evidence + ")";
  }
}
