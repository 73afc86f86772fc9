package dev.ferry.cli;

import dev.ferry.balance.BalanceContext;
import dev.ferry.balance.BalanceJob;
import dev.ferry.balance.BalanceJobs;
import dev.ferry.balance.BalanceJournal;
import dev.ferry.balance.BalanceProcedure;
import dev.ferry.balance.BalanceScheduler;
import dev.ferry.balance.CopyRoundsProcedure;
import dev.ferry.balance.BalanceOptions;
import dev.ferry.engine.JobSpecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry balance submit|continue|list}: Federation Balance on the Ferry engine. */
@Command(name = "balance", mixinStandardHelpOptions = true, sortOptions = false,
    header = "Move a directory to another namespace or store incrementally, journaled and resumable.",
    description = {
        "",
        "submit copies SRC to DST in rounds (HDFS snapshot diffs, or listing differences for other stores) until",
        "little changes, disables writes to SRC, runs a final round, verifies DST against SRC, then moves SRC to",
        "trash. Every step is journaled (hadoop.hdfs.procedure.scheduler.journal.uri, default ~/.ferry/balance-journal);",
        "after a crash or a failure, 'ferry balance continue' finishes every unfinished job.",
        ""},
    subcommands = {BalanceCommand.Submit.class, BalanceCommand.Continue.class, BalanceCommand.ListJobs.class})
final class BalanceCommand implements Runnable {
  @Spec
  CommandSpec spec;

  /** fedbalance writes its options before the subcommand ({@code hadoop fedbalance -map 5 submit SRC DST}). */
  @picocli.CommandLine.Mixin
  FedBalanceFlags flags = new FedBalanceFlags();

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: use 'ferry balance submit SRC DST', 'ferry balance continue' or 'ferry balance list'");
  }

  /**
   * Options every balance subcommand takes: {@code --hadoopConf} (e.g.
   * hadoop.hdfs.procedure.scheduler.journal.uri=hdfs:///ferry/journal; not journaled, so give the
   * same ones to 'continue').
   */
  static class Common {
    @picocli.CommandLine.Mixin
    HadoopConfOption hadoopConf = new HadoopConfOption();

    Configuration conf(Configuration base) {
      Configuration c = base == null ? new Configuration() : base;
      hadoopConf.values().forEach(c::set);
      return c;
    }
  }

  /** Runs jobs on a scheduler bound to a Spark session and waits for them. */
  static int runJobs(PrintWriter out, PrintWriter err, Common common, String appName, JobsToRun jobs) throws IOException {
    try (OwnedSession session = OwnedSession.getOrCreate(appName)) {
      SparkSession spark = session.spark();
      Configuration conf = common.conf(spark.sparkContext().hadoopConfiguration());
      BalanceJournal journal = BalanceJournal.from(conf);
      BalanceContext context = new BalanceContext(conf, spark, out);
      try (BalanceScheduler scheduler = new BalanceScheduler(journal, context, conf.getInt(BalanceScheduler.WORKERS_KEY, 1))) {
        List<String> ids = jobs.start(scheduler, journal, conf);
        int exit = ExitCodes.OK;
        for (String id : ids) {
          BalanceJob end;
          try {
            end = scheduler.await(id, Duration.ofDays(365));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ferry: interrupted; 'ferry balance continue' finishes job " + id);
            return ExitCodes.ABORTED;
          }
          if (end.status() == BalanceJob.Status.DONE) {
            out.println("Balance job " + id + " done: " + end.description().get("source") + " -> "
                + end.description().get("target"));
          } else {
            err.println("ferry: balance job " + id + " failed in " + end.currentName() + ": " + end.error()
                + "; its journal is kept: fix the cause and run 'ferry balance continue'");
            exit = ExitCodes.FAILURES;
          }
        }
        out.flush();
        err.flush();
        return exit;
      }
    }
  }

  interface JobsToRun {
    List<String> start(BalanceScheduler scheduler, BalanceJournal journal, Configuration conf) throws IOException;
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Start a balance job moving SRC to DST (options mirror fedbalance).")
  static final class Submit implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "The directory to move (path or URI).")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "Where it goes (a new or empty directory, any Hadoop URI).")
    String target;

    @picocli.CommandLine.Mixin
    FedBalanceFlags flags = new FedBalanceFlags();

    @picocli.CommandLine.ParentCommand
    BalanceCommand parent;

    @picocli.CommandLine.Mixin
    Common common = new Common();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      BalanceOptions options;
      try {
        FedBalanceFlags f = flags.or(parent == null ? null : parent.flags);
        options = BalanceOptions.from(common.conf(new Configuration()), new BalanceOptions.Flags(f.map, f.bandwidth,
            f.delayMillis, f.diffThreshold, f.forceCloseOpen, f.moveToTrash));
      } catch (IllegalArgumentException e) {
        throw new JobSpecException(e.getMessage());
      }
      String router = flags.or(parent == null ? null : parent.flags).router;
      return runJobs(out, err, common, "Ferry balance " + source + " -> " + target, (scheduler, journal, conf) -> {
        BalanceJob job;
        String routerAddress = router;
        if (routerAddress != null && routerAddress.isEmpty()) {
          routerAddress = conf.getTrimmed("dfs.federation.router.admin-address");
          if (routerAddress == null || routerAddress.isEmpty()) {
            throw new JobSpecException("Cannot use -router without an address: give -router HOST:PORT (the Router's "
                + "admin address) or set dfs.federation.router.admin-address with --hadoopConf");
          }
        }
        try {
          job = BalanceJobs.create(conf, source, target, options.sync(), options.trash(), routerAddress);
        } catch (IllegalArgumentException e) {
          throw new JobSpecException(e.getMessage());
        }
        scheduler.submit(job);
        out.println("Submitted balance job " + job.id() + " (journal " + journal.location() + ")"
            + (router == null ? "; no --router: the mount table is not updated" : ""));
        out.flush();
        return List.of(job.id());
      });
    }
  }

  @Command(name = "continue", mixinStandardHelpOptions = true,
      description = "Finish every unfinished job of the journal (failed ones are retried from their last step).")
  static final class Continue implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    Common common = new Common();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      BalanceJournal journal = BalanceJournal.from(common.conf(new Configuration()));
      List<BalanceJob> unfinished = journal.unfinished();
      if (unfinished.isEmpty()) {
        out.println("No unfinished balance job in " + journal.location());
        out.flush();
        return ExitCodes.OK;
      }
      int[] held = {0};
      int exit = runJobs(out, err, common, "Ferry balance continue", (scheduler, j, conf) -> {
        BalanceScheduler.Continued c = scheduler.continueJobs(unfinished);
        c.heldElsewhere().forEach((id, holder) -> err.println("ferry: balance job " + id + " is being run by " + holder
            + "; not continued here (wait for it to end, or stop it and run 'ferry balance continue' again)"));
        held[0] = c.heldElsewhere().size();
        if (!c.queued().isEmpty()) {
          out.println("Continuing " + c.queued().size() + " balance job(s): " + String.join(", ", c.queued()));
        }
        out.flush();
        err.flush();
        return c.queued();
      });
      // a job left to another process is not this run's to finish: say so in the exit code
      return exit == ExitCodes.OK && held[0] > 0 ? ExitCodes.USAGE : exit;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the journal's jobs: status, procedure, stage, round.")
  static final class ListJobs implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    Common common = new Common();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      BalanceJournal journal = BalanceJournal.from(common.conf(new Configuration()));
      List<BalanceJob> jobs = journal.jobs();
      if (jobs.isEmpty()) {
        out.println("No balance job in " + journal.location());
      } else {
        DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
        out.printf("%-32s %-8s %-10s %-14s %-6s %-19s %s%n", "JOB", "STATUS", "PROCEDURE", "STAGE", "ROUND", "UPDATED",
            "SOURCE -> TARGET");
        for (BalanceJob j : jobs) {
          BalanceProcedure p = j.currentProcedure();
          String stage = p instanceof CopyRoundsProcedure r ? r.phase() : "-";
          String round = p instanceof CopyRoundsProcedure r ? "" + r.round() : "-";
          out.printf("%-32s %-8s %-10s %-14s %-6s %-19s %s -> %s%n", j.id(), j.status(), j.currentName(), stage, round,
              t.format(j.updated()), j.description().get("source"), j.description().get("target"));
          if (j.error() != null) out.println("    error: " + j.error());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
