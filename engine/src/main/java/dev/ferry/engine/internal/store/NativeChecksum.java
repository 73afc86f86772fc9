package dev.ferry.engine.internal.store;

/**
 * A checksum a store keeps for a file, in a form comparable with the same store kind's.
 *
 * @param algorithm such as COMPOSITE-CRC32C (HDFS), CRC64ECMA (OSS) or ETAG (S3)
 * @param definitive whether two different values prove different contents (an S3 multipart ETag
 *     depends on the part size, so two different ones prove nothing)
 */
public record NativeChecksum(String algorithm, String value, boolean definitive) {

  /** {@code ALGORITHM:value}, for logs and reports. */
  public String describe() {
    return algorithm + ":" + value;
  }
}
