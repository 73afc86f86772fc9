package dev.ferry.engine.internal.exec;

import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.Counter;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import java.io.IOException;

/**
 * The last step of every copy, of a whole file or of one assembled from parts: check what was
 * written (its length, and the stores' checksums where they compare), then give it its final
 * name, and count the file. A copy that does not verify is removed, never promoted.
 */
public final class CopyCommit {
  private CopyCommit() {
  }

  /** What was written and where it goes. */
  public record Written(String rel, String sourcePath, String path, String finalPath, long length, boolean direct) {
  }

  /**
   * @param lengthChecked the writer already compared the written length (a local copy checks its
   *     open file), so no status call is needed
   */
  public static CopyOutcome verifyAndPromote(Written w, Store source, Store destination, boolean lengthChecked,
                                             String reason, CounterSink counters) throws IOException {
    if (!lengthChecked) {
      StoreEntry t = destination.stat(w.path());
      if (t == null || t.length() != w.length()) {
        throw new IOException("destination holds " + (t == null ? "nothing" : t.length() + " bytes")
            + " after writing " + w.length());
      }
    }
    ChecksumComparison.Comparison v = ChecksumComparison.compareNative(source, w.sourcePath(), destination, w.path());
    if (v != null && v.result() == ChecksumComparison.Result.MISMATCH) {
      destination.delete(w.path()); // direct writes too: a wrong copy must not stay under the final name
      counters.increment(Counter.CHECKSUM_DIFF);
      counters.increment(Counter.COPY_FAILED);
      return new CopyOutcome(w.rel(), CopyOutcome.COPY, CopyOutcome.CHECKSUM_DIFF, 0, reason,
          "checksum of the copy (" + v.destinationChecksum() + ") differs from the source's (" + v.sourceChecksum() + ")");
    }
    if (!w.direct()) destination.replace(w.path(), w.finalPath());
    counters.increment(Counter.FILES_COPIED);
    counters.add(Counter.BYTES_COPIED, w.length());
    return new CopyOutcome(w.rel(), CopyOutcome.COPY, CopyOutcome.OK, w.length(), reason, null);
  }

  /**
   * A copy --codec encoded or decoded: its length is checked against what was written (no store
   * checksum compares two encodings); BYTES_COPIED counts the source's bytes, as a plain copy does.
   */
  public static CopyOutcome promoteTransformed(Written w, Store destination, String reason, CounterSink counters,
                                               long sourceLength) throws IOException {
    StoreEntry t = destination.stat(w.path());
    if (t == null || t.length() != w.length()) {
      throw new IOException("destination holds " + (t == null ? "nothing" : t.length() + " bytes")
          + " after writing " + w.length());
    }
    if (!w.direct()) destination.replace(w.path(), w.finalPath());
    counters.increment(Counter.FILES_COPIED);
    counters.add(Counter.BYTES_COPIED, sourceLength);
    return new CopyOutcome(w.rel(), CopyOutcome.COPY, CopyOutcome.OK, sourceLength, reason, null);
  }
}
