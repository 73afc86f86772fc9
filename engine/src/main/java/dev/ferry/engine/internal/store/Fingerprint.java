package dev.ferry.engine.internal.store;

/**
 * What identifies one version of a file: its length, its modification time and, where the store
 * has one, an identity that changes whenever the content may have (the HDFS inode id, an S3 ETag
 * and version id, OSS's CRC-64, the local change time and inode). Two fingerprints taken before
 * and after a read that are equal mean the read saw one version.
 */
public record Fingerprint(long length, long modificationTime, String identity) {

  /** A short description for messages. */
  public String describe() {
    return length + " bytes, modified " + modificationTime + (identity == null ? "" : ", " + identity);
  }
}
