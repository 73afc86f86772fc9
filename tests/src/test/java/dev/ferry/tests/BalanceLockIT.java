package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.balance.BalanceJob;
import dev.ferry.balance.BalanceJournal;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process at a time runs a balance job: a balance killed with SIGKILL is continued by two
 * processes at once, of which one runs it and the other says who does; and a file that keeps
 * changing during the rounds is left to later rounds instead of failing the job.
 */
@Timeout(900)
class BalanceLockIT {
  @TempDir
  Path tmp;

  String journal() {
    return BalanceJournal.URI_KEY + "=" + tmp.resolve("journal").toUri();
  }

  @Test
  void twoContinuesAtOnceRunTheJobOnceAndTheSecondSaysWhoRunsIt() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(4);
    for (int i = 0; i < 8; i++) files.put("d" + (i % 2) + "/f" + i, Trees.bytes(r, 3 << 20));
    Trees.writeLocal(src, files);
    Map<String, byte[]> expected = Trees.readLocal(src);
    String mode = Files.getPosixFilePermissions(src).toString();

    FerryProcess submit = FerryProcess.start(tmp.resolve("submit"), Map.of(), "balance", "submit", src.toString(),
        dst.toString(), "--bandwidth", "2", "--delay", "200", "--moveToTrash", "skip", "--hadoopConf", journal());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (files.keySet().stream().noneMatch(k -> Files.exists(dst.resolve(k)))) {
      assertThat(submit.isAlive()).as(submit.output()).isTrue();
      assertThat(System.nanoTime()).as("the initial copy starts").isLessThan(deadline);
      Thread.sleep(100);
    }
    submit.kill();

    FerryProcess a = FerryProcess.start(tmp.resolve("a"), Map.of(), "balance", "continue", "--hadoopConf", journal());
    FerryProcess b = FerryProcess.start(tmp.resolve("b"), Map.of(), "balance", "continue", "--hadoopConf", journal());
    FerryProcess.Run ra = a.await(600);
    FerryProcess.Run rb = b.await(600);

    FerryProcess.Run winner = ra.exit() == 0 ? ra : rb;
    FerryProcess.Run loser = ra.exit() == 0 ? rb : ra;
    long winnerPid = ra.exit() == 0 ? a.pid() : b.pid();
    assertThat(winner.exit()).as("one continue runs the job: %s / %s", ra, rb).isZero();
    assertThat(loser.exit()).as("the other is refused: %s", loser).isEqualTo(2);
    assertThat(loser.err()).contains("is being run by process " + winnerPid);
    assertThat(winner.out()).contains("done");

    Trees.assertSameTree(Trees.readLocal(dst), expected);
    assertThat(Files.getPosixFilePermissions(src).toString()).as("the source's permission is restored").isEqualTo(mode);
    BalanceJournal j = new BalanceJournal(tmp.resolve("journal").toUri().toString(), new Configuration());
    assertThat(j.jobs()).singleElement().satisfies(job -> assertThat(job.status()).isEqualTo(BalanceJob.Status.DONE));
    assertThat(j.unfinished()).isEmpty();
  }

  @Test
  void aFileAppendedToDuringTheRoundsIsCopiedInALaterRoundNotAFailure() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Trees.writeLocal(src, Map.of("still.csv", "still".getBytes(), "growing.log", Trees.bytes(new Random(8), 6 << 20)));
    Path growing = src.resolve("growing.log");

    // appends while the initial copy and the first rounds read it (it takes seconds at 2 MB/s)
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
      try {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int n = 0;
        while (!stop.get() && System.nanoTime() < end) {
          try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
            out.write(("line " + n++ + "\n").getBytes());
          }
          Thread.sleep(50);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    FerryProcess.Run r;
    try {
      r = FerryProcess.start(tmp.resolve("run"), Map.of(), "balance", "submit", src.toString(), dst.toString(),
          "--bandwidth", "2", "--delay", "300", "--moveToTrash", "skip", "--hadoopConf", journal()).await(600);
    } finally {
      stop.set(true);
      appender.join();
    }
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("changed while they were copied", "done");
    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(src));
  }
}
