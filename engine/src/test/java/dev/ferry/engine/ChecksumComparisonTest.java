package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.internal.exec.ChecksumComparison;
import dev.ferry.engine.internal.exec.ChecksumComparison.Result;
import dev.ferry.engine.internal.store.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three-valued content comparison on local files (no store checksums: the bytes are read). */
class ChecksumComparisonTest {
  @TempDir
  Path tmp;

  Path file(String name, byte[] content) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }

  ChecksumComparison.Comparison compare(Path a, Path b, long length) {
    LocalStore s = new LocalStore();
    return ChecksumComparison.compare(s, a.toString(), s, b.toString(), length);
  }

  @Test
  void matchMismatchShorterAndUnavailable() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 5]; // more than one 1 MiB chunk
    new Random(1).nextBytes(data);
    Path a = file("a", data);
    Path same = file("same", data.clone());
    byte[] changed = data.clone();
    changed[data.length - 1] ^= 1; // the last byte of the last chunk
    Path other = file("other", changed);
    Path empty1 = file("e1", new byte[0]);
    Path empty2 = file("e2", new byte[0]);

    ChecksumComparison.Comparison m = compare(a, same, data.length);
    assertThat(m.result()).isEqualTo(Result.MATCH);
    assertThat(m.sourceChecksum()).startsWith("CRC32C:").isEqualTo(m.destinationChecksum());
    ChecksumComparison.Comparison d = compare(a, other, data.length);
    assertThat(d.result()).isEqualTo(Result.MISMATCH);
    assertThat(d.sourceChecksum()).isNotEqualTo(d.destinationChecksum());
    assertThat(compare(a, same, data.length - 1).result()).as("longer than listed: not the same").isEqualTo(Result.MISMATCH);
    assertThat(compare(empty1, empty2, 0).result()).isEqualTo(Result.MATCH);
    ChecksumComparison.Comparison u = compare(a, tmp.resolve("missing"), data.length);
    assertThat(u.result()).as("unreadable is never the same").isEqualTo(Result.UNAVAILABLE);
    assertThat(u.reason()).contains("missing");
  }
}
