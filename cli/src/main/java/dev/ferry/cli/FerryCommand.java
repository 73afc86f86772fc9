package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.alerting.AlarmContent;
import dev.ferry.alerting.AlarmPolicy;
import dev.ferry.alerting.AlarmSink;
import dev.ferry.alerting.Alerter;
import dev.ferry.alerting.Delivery;
import dev.ferry.engine.CommitMode;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.JobAction;
import dev.ferry.engine.JobResult;
import dev.ferry.engine.JobSpecException;
import dev.ferry.engine.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry --src URI --dest URI [--update | --diff] [options]}: flag-compatible with JindoDistCp. */
@Command(name = "ferry", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    versionProvider = VersionProvider.class, subcommands = {BalanceCommand.class},
    header = "Copy, update or compare file trees between Hadoop filesystems (hdfs, s3a, oss, file) on Spark.",
    description = {
        "",
        "Without --update or --diff the job is a copy: the destination receives the contents of the source",
        "(--src /a/t --dest /b/t makes /b/t/x of /a/t/x); a single-file source is copied to the destination path.",
        "A bare path is resolved against the Hadoop default filesystem (the local disk for bin/ferry).",
        ""},
    footer = {
        "",
        "Exit codes: 0 done, nothing failed; 1 some file failed (or, for --diff, the trees differ or a file could not be compared);",
        "            2 bad usage or input, nothing written; 3 aborted by an unexpected error.",
        "",
        "Examples:",
        "  ferry --src /data/incoming/hourly_table --dest /backup/hourly_table --report /tmp/r.json",
        "  ferry --src hdfs://nn:8020/data/t --dest file:///backup/t --update",
        "  spark-submit --class dev.ferry.cli.FerryMain ferry-app.jar --src hdfs:///a --dest s3a://b/a --update",
        "  ferry balance submit hdfs://nn0:8020/foo/src hdfs://nn1:8020/foo/dst   (see: ferry balance --help)"})
final class FerryCommand implements Callable<Integer> {
  private final Map<String, String> env;

  FerryCommand(Map<String, String> env) {
    this.env = env;
  }

  @Spec
  CommandSpec commandSpec;

  @Option(names = "--src", paramLabel = "URI", description = "Source directory or file.")
  String src;

  @Option(names = "--dest", paramLabel = "URI", description = "Destination directory (or file path, for a single-file source).")
  String dest;

  @Option(names = "--update", description = "Copy only files missing at the destination or differing in length or content "
      + "(content compared by checksum, or byte by byte where the stores' checksums are not comparable).")
  boolean update;

  @Option(names = "--diff", description = "Compare every source file with its counterpart (checksums where the stores' "
      + "are comparable, else contents) and report differences; write nothing. Exit 1 when the trees differ.")
  boolean diff;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0",
      description = "Number of copy tasks. Default: ${DEFAULT-VALUE} = 4 per core of the Spark application.")
  int parallelism;

  @Option(names = "--taskThreads", paramLabel = "N", defaultValue = "0",
      description = "Files each task copies at once. Default: ${DEFAULT-VALUE} = 4 local to local, 8 with HDFS, 16 with object stores.")
  int taskThreads;

  @Option(names = "--bandWidth", paramLabel = "MB/s", defaultValue = "0",
      description = "Write limit per executor in MB/s. Default: ${DEFAULT-VALUE} = unlimited.")
  double bandWidth;

  @Option(names = "--filters", paramLabel = "FILE",
      description = "File of regular expressions, one per line; a file or directory whose path matches one "
          + "(whole match, against its URI or its path relative to --src) is left out.")
  String filters;

  @Option(names = "--srcPrefixesFile", paramLabel = "FILE",
      description = "File of paths under --src, one per line; only files whose path starts with one of them are taken.")
  String srcPrefixesFile;

  @Option(names = "--disableChecksum",
      description = "Update and diff: take equal length as equal content (as JindoDistCp; misses same-length changes).")
  boolean disableChecksum;

  @Option(names = "--ignore", description = "Count failed files but exit 0.")
  boolean ignore;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Write the JSON report (Operation, JobTime, SrcPath, DestPath, Counter) to this file: a local path "
          + "on the driver's machine, or any Hadoop URI (hdfs://nn:8020/reports/r.json).")
  String reportPath;

  @Option(names = "--log", paramLabel = "DIR",
      description = "Keep per-file outcomes as JSON lines (<jobId>-part-*.jsonl) in this directory (any Hadoop URI); "
          + "for --diff, one line per differing or failed file.")
  String log;

  @Option(names = "--dryRun", description = "List and plan, print what would be done, write nothing.")
  boolean dryRun;

  @Option(names = "--commitMode", paramLabel = "MODE", defaultValue = "AUTO",
      description = "How a copy gets its final name: DIRECT (write under it; on object stores it appears only when "
          + "the upload completes), RENAME (temporary name, verify, rename), AUTO (DIRECT on s3a/oss/..., RENAME "
          + "elsewhere). Default: ${DEFAULT-VALUE}.")
  CommitMode commitMode;

  @Option(names = "--cleanupUploads",
      description = "Before copying, abort multipart uploads left pending under the destination by earlier runs (S3A).")
  boolean cleanupUploads;

  @Option(names = "--quiet", description = "No progress lines; only the final summary and errors.")
  boolean quiet;

  @picocli.CommandLine.Mixin
  HadoopConfOption hadoopConf = new HadoopConfOption();

  @picocli.CommandLine.Mixin
  AlertOptions alerts = new AlertOptions();

  /** Maps the flags onto the engine's actions, runs the job, prints and reports it. */
  @Override
  public Integer call() {
    if (update && diff) {
      throw new JobSpecException("Cannot use --update with --diff: an update copies and a diff only compares; choose one");
    }
    JobAction<?, ?> action = diff ? common(Ferry.diff()) : copyAction();
    action.validate();
    AlertOptions.Checked alarms = alerts.check(env);
    ReportFile report = reportPath == null ? null : ReportFile.check(reportPath, hadoopConf.values());
    PrintWriter out = commandSpec.commandLine().getOut();
    PrintWriter err = commandSpec.commandLine().getErr();
    String name = "Ferry " + (diff ? "diff" : update ? "update" : "copy") + " " + src + " -> " + dest;
    try (OwnedSession session = OwnedSession.getOrCreate(name)) {
      JobResult result = action.execute();
      if (result.dryRun()) {
        printPlan(out, result);
      } else {
        if (result instanceof DiffAction.Result d) printDifferences(err, d);
        printSummary(out, err, result);
      }
      JobAbortedException reportFailure = writeReport(report, result);
      if (!result.dryRun()) sendAlarms(result, alarms, report, err);
      if (reportFailure != null) throw reportFailure;
      return exitCode(result);
    }
  }

  private CopyAction copyAction() {
    CopyAction a = common(Ferry.copy()).bandwidthMBps(bandWidth).commitMode(commitMode);
    if (update) a.update();
    if (cleanupUploads) a.cleanupUploads();
    return a;
  }

  /** The settings copy, update and diff share. */
  private <A extends JobAction<A, ?>> A common(A a) {
    a.source(src).destination(dest).parallelism(parallelism).taskThreads(taskThreads).hadoopConf(hadoopConf.values())
        .keepOutcomes(false);
    if (filters != null) a.filtersFile(filters);
    if (srcPrefixesFile != null) a.srcPrefixesFile(srcPrefixesFile);
    if (disableChecksum) a.disableChecksum();
    if (dryRun) a.dryRun();
    if (log != null) a.logDir(log);
    if (!quiet) {
      PrintWriter err = commandSpec.commandLine().getErr();
      a.onProgress(p -> {
        err.println("progress: " + p.describe());
        err.flush();
      }, Duration.ofSeconds(2));
    }
    return a;
  }

  /** DESIGN.md's exit code of a job that ran: 1 when files failed or trees differ, unless --ignore. */
  private int exitCode(JobResult r) {
    if (r.dryRun() || ignore) return ExitCodes.OK;
    boolean failed = r instanceof DiffAction.Result d ? d.hasDifferences() : ((CopyAction.Result) r).hasFailures();
    return failed ? ExitCodes.FAILURES : ExitCodes.OK;
  }

  /** A report that cannot be written after the job ran says so: the job's own outcome was printed above. */
  private static JobAbortedException writeReport(ReportFile report, JobResult result) {
    if (report == null) return null;
    try {
      report.write(AlarmContent.of(result).prettyJson() + "\n");
      return null;
    } catch (IOException | RuntimeException e) {
      String what = result.dryRun() ? "The dry run finished" : "The " + result.operation().name().toLowerCase()
          + " finished (counters above)";
      return new JobAbortedException(what + ", but its report could not be written to " + report + ": " + e.getMessage()
          + "; the destination is as the counters say, only the report is missing", e);
    }
  }

  private static void printDifferences(PrintWriter err, DiffAction.Result r) {
    if (r.differences().isEmpty()) return;
    long shown = Math.min(20, r.differences().size());
    err.println("Differences (first " + shown + "; --log DIR keeps them all):");
    r.differences().stream().limit(shown).forEach(d -> err.println("  " + d.category() + " "
        + (d.path().isEmpty() ? r.source() : d.path()) + (d.error() == null ? "" : ": " + d.error())));
    err.flush();
  }

  /** Alarms never change the job's result or exit code; their delivery is reported beside it. */
  private static void sendAlarms(JobResult result, AlertOptions.Checked alarms, ReportFile report, PrintWriter err) {
    List<AlarmSink> sinks = alarms.sinks();
    if (sinks.isEmpty() || !AlarmPolicy.shouldFire(result)) return;
    writeDeliveries(report, sinks.stream().map(s -> new Delivery(s.name(), false, 0, "pending")).toList(), err);
    List<Delivery> deliveries = Alerter.deliver(result, sinks, alarms.settings().redactor(), alarms.deadline());
    for (Delivery d : deliveries) err.println("alarm " + d.describe());
    err.flush();
    writeDeliveries(report, deliveries, err);
  }

  /** {@code <report>.alarms.json}: one entry per sink; the report itself stays the alarm content. */
  private static void writeDeliveries(ReportFile report, List<Delivery> deliveries, PrintWriter err) {
    if (report == null) return;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Delivery d : deliveries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sink", d.sink());
      m.put("delivered", d.delivered());
      m.put("attempts", d.attempts());
      m.put("message", d.message());
      rows.add(m);
    }
    try {
      report.writeBeside(".alarms.json", new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows) + "\n");
    } catch (IOException | RuntimeException e) {
      err.println("ferry: warning: could not write " + report + ".alarms.json: " + e.getMessage());
    }
  }

  private static void printPlan(PrintWriter out, JobResult r) {
    if (r instanceof DiffAction.Result diff) {
      DiffAction.Plan d = diff.plan();
      out.printf("Dry run of diff %s -> %s: nothing was compared.%n", r.source(), r.destination());
      out.printf("  source files        %,d (%s)%n", d.files(), Progress.bytes(d.bytes()));
      out.printf("  missing at dest     %,d%n", d.missing());
      out.printf("  length differs      %,d%n", d.lengthDiffers());
      out.printf("  to compare          %,d%n", d.toCompare());
      out.printf("  only at dest        %,d%n", d.destinationOnly());
      out.flush();
      return;
    }
    CopyAction.Plan p = ((CopyAction.Result) r).plan();
    out.printf("Dry run of %s %s -> %s: nothing was written.%n", r.operation().name().toLowerCase(), r.source(),
        r.destination());
    out.printf("  files listed        %,d (%s)%n", p.files(), Progress.bytes(p.bytes()));
    out.printf("  would copy          %,d (%s)%n", p.filesToCopy(), Progress.bytes(p.bytesToCopy()));
    out.printf("  would compare       %,d (same length: copied only if the content differs)%n", p.filesToCompare());
    out.printf("  would skip          %,d%n", p.filesToSkip());
    out.printf("  directories to make %,d%n", p.directoriesToCreate());
    out.flush();
  }

  private static void printSummary(PrintWriter out, PrintWriter err, JobResult r) {
    List<CopyOutcome> failures = r instanceof CopyAction.Result c ? c.failures() : List.of();
    if (!failures.isEmpty()) {
      err.println("Failed files (first " + Math.min(20, failures.size()) + "):");
      failures.stream().limit(20).forEach(f ->
          err.println("  " + (f.path().isEmpty() ? r.source() : f.path()) + ": " + f.status() + " " + f.error()));
      err.flush();
    }
    out.printf("Ferry %s finished in %.1fs: %s -> %s%n", r.operation().name().toLowerCase(),
        r.elapsed().toMillis() / 1000.0, r.source(), r.destination());
    for (Map.Entry<Counter, Long> e : r.counters().entrySet()) {
      out.printf("  %-15s %,d%n", e.getKey().name(), e.getValue());
    }
    if (r.outcomeLocation() != null) out.println("Per-file outcomes: " + r.outcomeLocation());
    out.flush();
  }
}
