package dev.ferry.engine.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Assembling one file from parts written by different tasks, so that a huge file is copied by
 * many cores: the driver starts and completes, executors put parts. Handles are opaque bytes so
 * they travel in Spark tasks and results. Nothing is visible under the target until completion.
 */
public interface PartAssembly {

  /** Starts assembling {@code target} of {@code length} bytes; returns the upload handle. */
  byte[] start(String target, long length) throws IOException;

  /**
   * Writes part {@code partNumber} (from 1), which starts at {@code offset} of the file and holds
   * {@code length} bytes read from {@code in}; returns the part handle.
   */
  byte[] putPart(byte[] upload, String target, int partNumber, long offset, InputStream in, long length)
      throws IOException;

  /** Completes the file from its part handles, in part order. */
  void complete(byte[] upload, String target, List<byte[]> parts) throws IOException;

  /** Gives the upload up; best effort. */
  void abort(byte[] upload, String target);
}
