package dev.ferry.engine;

/** How a copied file gets its final name. */
public enum CommitMode {
  /** DIRECT on object stores (s3a, oss, ...), RENAME elsewhere. */
  AUTO,
  /**
   * Write under the final name. On object stores the object becomes visible only when its upload
   * completes, and a failed upload is aborted, so no reader sees a partial object; the bytes move
   * once (a rename there would copy them again).
   */
  DIRECT,
  /** Write under a temporary name beside the target, verify, then rename into place. */
  RENAME
}
