package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.balance.BalanceContext;
import dev.ferry.balance.BalanceJob;
import dev.ferry.balance.BalanceJobs;
import dev.ferry.balance.BalanceJournal;
import dev.ferry.balance.BalanceScheduler;
import dev.ferry.balance.SnapshotCopyProcedure;
import dev.ferry.balance.SyncOptions;
import dev.ferry.balance.TrashProcedure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Balance end to end: snapshot rounds on a real HDFS with writes, a rename and a delete between
 * snapshots and a file held open; listing rounds between local directories; a balance process
 * killed mid-round and continued by another.
 */
@Timeout(900)
class BalanceIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS);
  static final Path REPO = FerryProcess.REPO;
  @TempDir
  Path tmp;

  Configuration conf() {
    Configuration c = new Configuration(STORES.spark().sparkContext().hadoopConfiguration());
    c.set(BalanceJournal.URI_KEY, tmp.resolve("journal").toUri().toString());
    c.set("fs.trash.interval", "10");
    return c;
  }

  static int round(BalanceJournal journal, String id) throws Exception {
    var p = journal.load(id).currentProcedure();
    return p instanceof dev.ferry.balance.CopyRoundsProcedure r ? r.round() : -1;
  }

  @Test
  void snapshotRoundsFollowWritesRenamesDeletesAndAnOpenFile() throws Exception {
    DistributedFileSystem fs = (DistributedFileSystem) STORES.hdfs().fs();
    Random r = new Random(1);
    Map<String, byte[]> initial = new TreeMap<>();
    for (int i = 0; i < 20; i++) initial.put("d" + (i % 3) + "/f" + i, Trees.bytes(r, 1000 + i * 100));
    initial.put("keep/rename-me", "rename".getBytes());
    initial.put("keep/delete-me", "delete".getBytes());
    Trees.writeHadoop(fs, "/bal/src", initial, "empty");
    FSDataOutputStream open = fs.create(new org.apache.hadoop.fs.Path("/bal/src/open.log"));
    open.write("first line\n".getBytes());
    open.hflush();

    Configuration conf = conf();
    String src = STORES.hdfs().uri() + "/bal/src";
    String dst = STORES.hdfs().uri() + "/bal/dst";
    BalanceJob job = BalanceJobs.create(conf, src, dst, new SyncOptions(2, 0, 0, 200, false), TrashProcedure.Mode.TRASH);
    StringWriter said = new StringWriter();
    BalanceJournal journal = BalanceJournal.from(conf);
    try (BalanceScheduler scheduler = new BalanceScheduler(journal, new BalanceContext(conf, STORES.spark(), new PrintWriter(said)), 1)) {
      scheduler.submit(job);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (round(journal, job.id()) < 1 && System.nanoTime() < deadline) Thread.sleep(100);
      assertThat(round(journal, job.id())).as("the job waits in its rounds for the open file: " + said).isGreaterThanOrEqualTo(1);

      // between snapshots: a new file, a rename and a delete of files the first snapshot had
      Trees.writeHadoop(fs, "/bal/src", Map.of("d1/new-file", "new".getBytes()));
      fs.rename(new org.apache.hadoop.fs.Path("/bal/src/keep/rename-me"), new org.apache.hadoop.fs.Path("/bal/src/keep/renamed"));
      fs.delete(new org.apache.hadoop.fs.Path("/bal/src/keep/delete-me"), false);
      open.write("second line\n".getBytes());
      open.close();

      BalanceJob end = scheduler.await(job.id(), Duration.ofMinutes(5));
      assertThat(end.status()).as(end.error() + "\n" + said).isEqualTo(BalanceJob.Status.DONE);
    }
    String user = System.getProperty("user.name");
    String trashed = "/user/" + user + "/.Trash/Current/bal/src";
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/bal/src"))).as("the source went to trash").isFalse();
    Map<String, byte[]> finalSource = Trees.readHadoop(fs, trashed);
    assertThat(finalSource).containsKeys("d1/new-file", "keep/renamed", "open.log").doesNotContainKeys("keep/delete-me");
    assertThat(new String(finalSource.get("open.log"))).isEqualTo("first line\nsecond line\n");
    Trees.assertSameTree(Trees.readHadoop(fs, "/bal/dst"), finalSource);
    assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path(trashed)).isSnapshotEnabled())
        .as("snapshots removed and disallowed again").isFalse();
    assertThat(said.toString()).contains("verified");
  }

  @Test
  void aFileHeldOpenIsClosedWithForceCloseOpen() throws Exception {
    DistributedFileSystem fs = (DistributedFileSystem) STORES.hdfs().fs();
    Trees.writeHadoop(fs, "/fco/src", Map.of("a", "a".getBytes()));
    FSDataOutputStream open = fs.create(new org.apache.hadoop.fs.Path("/fco/src/held.log"));
    open.write("held\n".getBytes());
    open.hflush(); // never closed by the writer

    Configuration conf = conf();
    conf.set(BalanceJournal.URI_KEY, STORES.hdfs().uri() + "/ferry/journal"); // the journal on HDFS
    BalanceJob job = BalanceJobs.create(conf, STORES.hdfs().uri() + "/fco/src", STORES.hdfs().uri() + "/fco/dst",
        new SyncOptions(2, 0, 0, 200, true), TrashProcedure.Mode.SKIP);
    StringWriter said = new StringWriter();
    try (BalanceScheduler scheduler = new BalanceScheduler(BalanceJournal.from(conf),
        new BalanceContext(conf, STORES.spark(), new PrintWriter(said)), 1)) {
      scheduler.submit(job);
      BalanceJob end = scheduler.await(job.id(), Duration.ofMinutes(5));
      assertThat(end.status()).as(end.error() + "\n" + said).isEqualTo(BalanceJob.Status.DONE);
    }
    assertThat(said.toString()).contains("--forceCloseOpen");
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("/ferry/journal/" + job.id())))
        .as("numbered journal entries on HDFS").anyMatch(st -> st.getPath().getName().equals("00000001.json"));
    assertThat(BalanceJournal.from(conf).load(job.id()).status()).isEqualTo(BalanceJob.Status.DONE);
    Trees.assertSameTree(Trees.readHadoop(fs, "/fco/dst"), Trees.readHadoop(fs, "/fco/src"));
    assertThat(new String(Trees.readHadoop(fs, "/fco/dst").get("held.log"))).isEqualTo("held\n");
  }

  @Test
  void aBalanceKilledMidRoundIsFinishedByContinueInANewProcess() throws Exception {
    Path src = tmp.resolve("src");
    Path dst = tmp.resolve("dst");
    Map<String, byte[]> files = new TreeMap<>();
    Random r = new Random(6);
    for (int i = 0; i < 30; i++) files.put("p" + (i % 5) + "/f" + i, Trees.bytes(r, 5000));
    Trees.writeLocal(src, files, "empty");
    String journalUri = tmp.resolve("journal").toUri().toString();
    List<String> submit = new ArrayList<>(List.of(REPO.resolve("bin/ferry").toString(), "balance", "submit",
        src.toString(), dst.toString(), "--delay", "500", "--moveToTrash", "skip",
        "--hadoopConf", BalanceJournal.URI_KEY + "=" + journalUri));
    Process p = new ProcessBuilder(submit).redirectErrorStream(true).redirectOutput(tmp.resolve("submit.log").toFile()).start();
    // keep the source changing so that the rounds go on, until the process is killed mid-round
    BalanceJournal journal = new BalanceJournal(journalUri, new Configuration());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    int written = 0;
    boolean inRounds = false;
    while (System.nanoTime() < deadline && p.isAlive()) {
      Files.write(src.resolve("p0/late-" + written++), ("late " + written).getBytes());
      Thread.sleep(300);
      List<BalanceJob> jobs = journal.jobs();
      if (!jobs.isEmpty() && round(journal, jobs.get(0).id()) >= 2) { // journaled mid-rounds
        inRounds = true;
        break;
      }
    }
    assertThat(inRounds).as(Files.readString(tmp.resolve("submit.log"))).isTrue();
    p.destroyForcibly(); // kill -9 in the middle of the rounds
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(journal.unfinished()).as("the killed job is unfinished in the journal").hasSize(1);

    Process cont = new ProcessBuilder(REPO.resolve("bin/ferry").toString(), "balance", "continue",
        "--hadoopConf", BalanceJournal.URI_KEY + "=" + journalUri)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("continue.log").toFile()).start();
    assertThat(cont.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("continue.log"));
    assertThat(cont.exitValue()).as(log).isZero();
    assertThat(log).contains("done");
    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(src));
    assertThat(journal.unfinished()).isEmpty();
  }
}
