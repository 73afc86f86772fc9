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

  /**
   * A local copy's record (an extended attribute) survives an in-place rewrite of its file: a
   * rewrite of the same length with the modification time set back keeps size, time and inode,
   * and must still void the record (its change time moved), or a later diff would take the
   * recorded checksum for the new content.
   */
  @Test
  void aLocalRecordIsVoidedByAnInPlaceRewriteThatRestoresTheTime() throws Exception {
    byte[] data = new byte[4096];
    new Random(2).nextBytes(data);
    Path f = file("copied", data);
    LocalStore s = new LocalStore();
    dev.ferry.engine.internal.store.CopyRecord r =
        new dev.ferry.engine.internal.store.CopyRecord(0x1234abcdL, data.length, 1_700_000_000_000L, null);
    Thread.sleep(RECORD_WINDOW_MILLIS); // last changed before the window: the first try does not validate, the next does
    s.record(f.toString(), r);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.getFileAttributeView(f, java.nio.file.attribute.UserDefinedFileAttributeView.class).list().contains("ferry"),
        "this filesystem keeps no user extended attributes: no local records here");
    assertThat(s.recorded(f.toString())).as("a fresh record is valid").isNotNull();
    assertThat(s.contentChecksum(f.toString()).value()).isEqualTo(0x1234abcdL);

    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(f);
    Object inode = Files.getAttribute(f, "unix:ino");
    Thread.sleep(RECORD_WINDOW_MILLIS);
    byte[] other = data.clone();
    other[100] ^= 1;
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(other)); // in place: same inode, same length
    }
    Files.setLastModifiedTime(f, mtime);
    assertThat(Files.getAttribute(f, "unix:ino")).isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(f)).isEqualTo(mtime);
    assertThat(s.recorded(f.toString())).as("the rewrite voids the record").isNull();
    assertThat(s.contentChecksum(f.toString())).isNull();

    s.record(f.toString(), r);
    assertThat(s.recorded(f.toString())).as("recorded again").isNotNull();
    Thread.sleep(RECORD_WINDOW_MILLIS);
    Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(s.recorded(f.toString())).as("any later change of the file's inode voids it (safe side)").isNull();

    Files.setAttribute(f, "user:ferry", java.nio.ByteBuffer.wrap(
        ("v1 crc32c=1234abcd len=" + data.length + " mtime=1 dst=" + data.length + ":"
            + Files.getLastModifiedTime(f).to(java.util.concurrent.TimeUnit.NANOSECONDS) + ":" + inode)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(s.recorded(f.toString())).as("a record without the bound (an earlier Ferry's) is not trusted").isNull();
  }

  /** Longer than the slack a record allows between reading the clock and setting the attribute. */
  private static final long RECORD_WINDOW_MILLIS = 120;
}
