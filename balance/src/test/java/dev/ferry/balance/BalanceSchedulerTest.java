package dev.ferry.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler and its journal on the local filesystem, with fixture procedures. */
@Timeout(60)
class BalanceSchedulerTest {
  @TempDir
  Path tmp;

  BalanceJournal journal() {
    return new BalanceJournal(tmp.resolve("journal").toUri().toString(), new Configuration());
  }

  BalanceContext context() {
    return new BalanceContext(new Configuration(), null, new PrintWriter(new StringWriter()));
  }

  static String unique(String s) {
    return s + "-" + System.nanoTime();
  }

  @Test
  void runsAChainInOrderAndJournalsEveryStepNumerically() throws Exception {
    String log = unique("chain");
    BalanceJob job = BalanceJob.of(Map.of("src", "/a"), List.of(new Fixtures.Record("first", log),
        new Fixtures.MultiPhase("phases", log), new Fixtures.Record("last", log)));
    try (BalanceScheduler s = new BalanceScheduler(journal(), context(), 2)) {
      s.submit(job);
      BalanceJob done = s.await(job.id(), Duration.ofSeconds(20));
      assertThat(done.status()).isEqualTo(BalanceJob.Status.DONE);
    }
    assertThat(Fixtures.log(log)).containsExactly("first:run", "phases:phase0", "phases:phase1", "phases:phase2",
        "phases:phase3", "last:run");
    try (var entries = Files.list(tmp.resolve("journal").resolve(job.id()))) {
      List<String> names = entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
      assertThat(names).as("submit + one entry per step").hasSize(1 + 6).first().isEqualTo("00000001.json");
    }
    BalanceJob reloaded = journal().load(job.id());
    assertThat(reloaded.status()).isEqualTo(BalanceJob.Status.DONE);
    assertThat(reloaded.description()).containsEntry("src", "/a");
    assertThat(journal().unfinished()).isEmpty();
  }

  @Test
  void aDelayedProcedureWaitsInTheDelayQueue() throws Exception {
    String log = unique("wait");
    BalanceJob job = BalanceJob.of(Map.of(), List.of(new Fixtures.Wait("wait", log)));
    try (BalanceScheduler s = new BalanceScheduler(journal(), context(), 1)) {
      s.submit(job);
      assertThat(s.await(job.id(), Duration.ofSeconds(20)).status()).isEqualTo(BalanceJob.Status.DONE);
    }
    List<String> l = Fixtures.log(log);
    assertThat(l).hasSize(2);
    long t0 = Long.parseLong(l.get(0).replaceAll(".*@", ""));
    long t1 = Long.parseLong(l.get(1).replaceAll(".*@", ""));
    assertThat(t1 - t0).as("called again no sooner than the delay").isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
  }

  @Test
  void aFailedJobKeepsItsJournalAndContinueRetriesIt() throws Exception {
    String log = unique("fail");
    Fixtures.log(log + ":broken").add("x");
    BalanceJob job = BalanceJob.of(Map.of(), List.of(new Fixtures.Record("before", log),
        new Fixtures.FailWhileBroken("fragile", log), new Fixtures.Record("after", log)));
    try (BalanceScheduler s = new BalanceScheduler(journal(), context(), 1)) {
      s.submit(job);
      BalanceJob failed = s.await(job.id(), Duration.ofSeconds(20));
      assertThat(failed.status()).isEqualTo(BalanceJob.Status.FAILED);
      assertThat(failed.error()).contains("target unreachable");
    }
    assertThat(journal().unfinished()).extracting(BalanceJob::id).containsExactly(job.id());

    Fixtures.log(log + ":broken").clear(); // the cause is fixed
    try (BalanceScheduler s = new BalanceScheduler(journal(), context(), 1)) {
      assertThat(s.continueUnfinished().queued()).hasSize(1);
      assertThat(s.await(job.id(), Duration.ofSeconds(20)).status()).isEqualTo(BalanceJob.Status.DONE);
    }
    assertThat(Fixtures.log(log)).as("finished procedures are not run again")
        .containsExactly("before:run", "fragile:attempt", "fragile:attempt", "after:run");
  }

  @Test
  void aCrashMidJobIsContinuedFromTheJournaledPhase() throws Exception {
    String log = unique("crash");
    CountDownLatch gate = new CountDownLatch(1);
    Fixtures.GATES.put(log, gate);
    BalanceJob job = BalanceJob.of(Map.of(), List.of(new Fixtures.Crash("copy", log), new Fixtures.Record("mount", log)));
    BalanceScheduler first = new BalanceScheduler(journal(), context(), 1);
    first.submit(job);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Fixtures.log(log).contains("copy:phase2") && System.nanoTime() < deadline) Thread.sleep(10);
    first.close(); // the process dies in phase 2
    gate.countDown(); // whatever hung it is gone when the job is continued

    try (BalanceScheduler second = new BalanceScheduler(journal(), context(), 1)) {
      assertThat(second.continueUnfinished().queued()).hasSize(1);
      assertThat(second.await(job.id(), Duration.ofSeconds(20)).status()).isEqualTo(BalanceJob.Status.DONE);
    }
    assertThat(Fixtures.log(log)).as("phases 0 and 1 are not done again")
        .containsExactly("copy:phase0", "copy:phase1", "copy:phase2", "copy:phase2", "mount:run");
  }

  @Test
  void aJournalWriteThatFailsOnceSendsTheJobToRecovery() throws Exception {
    String log = unique("journal");
    AtomicInteger writes = new AtomicInteger();
    BalanceJournal flaky = new BalanceJournal(tmp.resolve("journal").toUri().toString(), new Configuration()) {
      @Override
      protected void write(org.apache.hadoop.fs.Path path, byte[] bytes) throws IOException {
        if (writes.incrementAndGet() == 3) throw new IOException("injected journal failure");
        super.write(path, bytes);
      }
    };
    BalanceJob job = BalanceJob.of(Map.of(), List.of(new Fixtures.MultiPhase("phases", log)));
    try (BalanceScheduler s = new BalanceScheduler(flaky, context(), 1)) {
      s.submit(job);
      assertThat(s.await(job.id(), Duration.ofSeconds(20)).status()).isEqualTo(BalanceJob.Status.DONE);
    }
    assertThat(writes.get()).as("the failed write happened").isGreaterThanOrEqualTo(3);
    assertThat(Fixtures.log(log)).as("the unjournaled phase runs again, nothing is skipped")
        .containsExactly("phases:phase0", "phases:phase1", "phases:phase1", "phases:phase2", "phases:phase3");
  }
}
