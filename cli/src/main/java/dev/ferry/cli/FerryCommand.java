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
        "(--src /a/t --dest /b/t makes /b/t/x of /a/t/x); a single-file source is copied to the destination path, or into it when it is a directory (or ends with /).",
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
        "  ferry balance submit hdfs://nn0:8020/foo/src hdfs://nn1:8020/foo/dst   (see: ferry balance --help)",
        "",
        "JindoDistCp compatibility: --flag=value works as --flag value; --ossKey/--ossSecret/--ossEndPoint (and --s3*, --cos*,",
        "--obs*, --dls*, --key/--secret/--endPoint) set the matching --hadoopConf keys; --archive/--ia are --policy; planner hints",
        "(--enableBalancePlan, --enableDynamicPlan, --enableBatch, --perNum, --byte) are accepted and not needed."})
final class FerryCommand implements Callable<Integer> {
  private final Map<String, String> env;

  FerryCommand(Map<String, String> env) {
    this.env = env;
  }

  @Spec
  CommandSpec commandSpec;

  @Option(names = "--src", paramLabel = "URI", description = "Source directory or file.")
  List<String> srcs = new ArrayList<>();

  @Option(names = "--dest", paramLabel = "URI", description = "Destination directory (or file path, for a single-file source).")
  List<String> dests = new ArrayList<>();

  /** A bare word: JindoDistCp's guides show it once for the source (a slip); said clearly instead of "unmatched". */
  @picocli.CommandLine.Parameters(arity = "0..*", hidden = true)
  List<String> positional = new ArrayList<>();

  String src;
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

  @Option(names = {"--bandWidth", "--bandwidth"}, paramLabel = "MB/s", defaultValue = "-1",
      description = "Write limit per executor in MB/s. Default: ${DEFAULT-VALUE} = unlimited (as JindoDistCp).")
  double bandWidth;

  @Option(names = {"--filters", "-filters"}, paramLabel = "FILE",
      description = "File of regular expressions, one per line; a file or directory whose path matches one "
          + "(whole match, against its URI or its path relative to --src) is left out.")
  String filters;

  @Option(names = "--srcPrefixesFile", paramLabel = "FILE",
      description = "File of what to take, one per line: a regular expression (JindoDistCp's .*test.*: the file's path "
          + "relative to --src, or its URI, matches as a whole), or a plain path: relative to --src, or absolute under it "
          + "(its files and folders below). Lines starting with # are comments.")
  String srcPrefixesFile;

  @Option(names = "--srcPattern", paramLabel = "REGEX",
      description = "Only files whose path (relative to --src, or the URI) matches this regular expression as a whole, "
          + "e.g. '.*\\.log' (quote it: a shell expands * otherwise). Repeatable: a file matching any is taken.")
  List<String> srcPatterns = new ArrayList<>();

  @Option(names = {"--codec", "--outputCodec"}, paramLabel = "CODEC",
      description = "Compress files while copying: gzip (gz), snappy, lz4, bzip2 (bz2), deflate, zstd, or lzo/lzop "
          + "(needs hadoop-lzo). The destination name gets the codec's extension (a.txt -> a.txt.gz); a file already "
          + "compressed with another codec is decoded first. none: decompress (a.txt.gz -> a.txt). keep (default): "
          + "copy the bytes as they are. --update and --diff compare the decoded contents.")
  String codec;

  @Option(names = "--policy", paramLabel = "CLASS",
      description = "Storage class of the written objects: Standard, IA, Archive, ColdArchive (any case); OSS sets "
          + "x-oss-storage-class (also DeepColdArchive), S3 gets STANDARD, STANDARD_IA, GLACIER, DEEP_ARCHIVE (or its own "
          + "class names). Object stores only: exit 2 elsewhere.")
  String policy;

  @Option(names = "--archive", hidden = true, description = "JindoDistCp 3.x: --policy Archive.")
  boolean archive;

  @Option(names = "--ia", hidden = true, description = "JindoDistCp 3.x: --policy IA.")
  boolean ia;

  @Option(names = "--deleteOnSuccess",
      description = "Move: delete each source file once its copy is verified (content compared, never by length "
          + "alone); failed files stay; source folders left empty are removed (not --src itself).")
  boolean deleteOnSuccess;

  @Option(names = "--enableTransaction",
      description = "All or nothing: files are staged beside the destination and published only when every file "
          + "copied; a failed job publishes nothing and removes its staging. A new destination appears in one rename "
          + "(atomic on HDFS and local disks); into an existing tree files are moved one by one at the end (on "
          + "object stores a rename is a server-side copy).")
  boolean enableTransaction;

  @Option(names = "--preserveMeta",
      description = "Carry owner, group, permission and times, and where both sides have them replication, block size, "
          + "extended attributes and ACLs (HDFS and local disks); what the destination cannot hold is a warning in the "
          + "outcome, not a failure. Owner changes need a superuser on HDFS (root locally).")
  boolean preserveMeta;

  @Option(names = "--syncSourceDelete",
      description = "With --update: also delete destination files and folders whose source is gone, into the "
          + "destination's trash where it has one (HDFS with fs.trash.interval > 0). Deletes happen after the copies and "
          + "only when no file failed.")
  boolean syncSourceDelete;

  @Option(names = "--maxDeletes", paramLabel = "N", defaultValue = "1000",
      description = "Safety limit of --syncSourceDelete: with more than N paths to delete the job refuses before writing "
          + "anything (exit 2); -1: no limit. Default: ${DEFAULT-VALUE}.")
  long maxDeletes;

  @Option(names = "--overwrite",
      description = "JindoDistCp's --overwrite: make the destination a mirror of the source: an update with "
          + "--syncSourceDelete.")
  boolean overwrite;

  @Option(names = {"--tmp", "-tmp"}, paramLabel = "DIR",
      description = "Where Ferry keeps its staging (per-file outcomes, listings of large trees, and a transaction's "
          + "files when DIR is on the destination's filesystem). Default: /tmp/ferry-<user> on the default filesystem.")
  String tmp;

  @Option(names = "--jobBatch", paramLabel = "N", defaultValue = "0",
      description = "Run the copy as Spark jobs of at most N files each, one after the other. Default: one job.")
  long jobBatch;

  @Option(names = "--taskBatch", paramLabel = "N", defaultValue = "0",
      description = "Spark tasks of at most N files each. Default: by --parallelism.")
  int taskBatch;

  @Option(names = "--queue", paramLabel = "NAME",
      description = "YARN queue of the Spark application Ferry starts (spark.yarn.queue); under spark-submit pass "
          + "--queue to spark-submit instead.")
  String queue;

  @picocli.CommandLine.Mixin
  JindoCredentials credentials = new JindoCredentials();

  @Option(names = {"--enableBalancePlan", "--enableDynamicPlan", "--enableBalanceDynamicPlan", "--enableBatch"},
      hidden = true, description = "JindoDistCp planner hints: accepted; Ferry balances its tasks by bytes and files.")
  List<Boolean> plannerHint = new ArrayList<>();

  @Option(names = {"--perNum", "--byte"}, paramLabel = "N", hidden = true,
      description = "JindoDistCp 3.x batching hints: accepted; use --taskBatch.")
  List<String> batchHint = new ArrayList<>();

  @Option(names = "--groupBy", paramLabel = "REGEX",
      description = "Merge small files: files whose path matches REGEX are concatenated (in path order) into one "
          + "file per value of its capture groups, named by them; other files are copied as they are.")
  String groupBy;

  @Option(names = "--targetSize", paramLabel = "MiB",
      description = "With --groupBy: merged files of at most this many MiB (numbered -00000, -00001, ...).")
  long targetSize;

  @Option(names = "--outputManifest", paramLabel = "NAME.gz",
      description = "Write a manifest of the files this run copied into the destination folder: gzip JSON lines "
          + "(path, source, size, modificationTime, crc32c).")
  String outputManifest;

  @Option(names = "--previousManifest", paramLabel = "URI",
      description = "Take the files an earlier run's --outputManifest lists as copied: they are neither compared nor "
          + "copied again.")
  String previousManifest;

  @Option(names = "--requirePreviousManifest", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
      defaultValue = "true",
      description = "Fail (exit 2) when --previousManifest does not exist (true, the default), or copy as if none "
          + "was given (false).")
  boolean requirePreviousManifest = true;

  @Option(names = "--copyFromManifest",
      description = "With --previousManifest: copy exactly the files it lists, without listing the source.")
  boolean copyFromManifest;

  @Option(names = "--snapshotDiff", arity = "2", paramLabel = "SNAPSHOT",
      description = "With --update and an HDFS source: apply the difference between two snapshots of the source "
          + "(the destination was made from the first; renames, deletions, created and modified files, copied from the "
          + "second) without listing either tree. Any destination store.")
  List<String> snapshotDiff;

  @Option(names = "--disableChecksum",
      description = "Update and diff: take equal length as equal content (as JindoDistCp; misses same-length changes).")
  boolean disableChecksum;

  @Option(names = "--trustModificationTime",
      description = "Update: skip a file whose source has the length and modification time recorded with its last "
          + "verified copy, without comparing contents (as fast as rclone's default; misses a rewrite that keeps both). "
          + "Files without a record are compared as always.")
  boolean trustModificationTime;

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

  @Option(names = {"--cleanupUploads", "--cleanUpPending"},
      description = "Before copying, abort multipart uploads left pending under the destination by earlier runs "
          + "(S3A and OSS).")
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
    checkCommandLine();
    if (update && diff) {
      throw new JobSpecException("Cannot use --update with --diff: an update copies and a diff only compares; choose one");
    }
    JobAction<?, ?> action = diff ? common(Ferry.diff()).keepOutcomes(true) : copyAction();
    action.validate();
    AlertOptions.Checked alarms = alerts.check(env);
    ReportFile report = reportPath == null ? null : ReportFile.check(reportPath, hadoopConf.values());
    PrintWriter out = commandSpec.commandLine().getOut();
    PrintWriter err = commandSpec.commandLine().getErr();
    String name = "Ferry " + (diff ? "diff" : update ? "update" : "copy") + " " + src + " -> " + dest;
    if (!plannerHint.isEmpty() || !batchHint.isEmpty()) {
      err.println("ferry: note: JindoDistCp's planner hints (--enableBalancePlan, --enableDynamicPlan, --enableBatch, "
          + "--perNum, --byte) are accepted and not needed: Ferry balances tasks by bytes and files (see --taskBatch)");
    }
    try (OwnedSession session = OwnedSession.getOrCreate(name, queue, err)) {
      JobResult result = action.execute();
      if (result.dryRun()) {
        printPlan(out, result);
      } else {
        if (result instanceof DiffAction.Result d) {
          printDifferences(err, d);
          writeDiffFile(err, d);
        }
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
    if (update || overwrite) a.update();
    if (cleanupUploads) a.cleanupUploads();
    if (codec != null) a.codec(codec);
    String storageClass = policy != null ? policy : archive ? "Archive" : ia ? "IA" : null;
    if (storageClass != null) a.storageClass(storageClass);
    if (deleteOnSuccess) a.deleteOnSuccess();
    if (enableTransaction) a.transaction();
    if (preserveMeta) a.preserveMeta();
    if (syncSourceDelete || overwrite) a.syncSourceDelete();
    a.maxDeletes(maxDeletes);
    if (tmp != null) a.stagingRoot(tmp);
    if (outputManifest != null) a.outputManifest(outputManifest);
    if (previousManifest != null) a.previousManifest(previousManifest).requirePreviousManifest(requirePreviousManifest);
    if (copyFromManifest) a.copyFromManifest();
    if (snapshotDiff != null) a.snapshotDiff(snapshotDiff.get(0), snapshotDiff.get(1));
    if (groupBy != null) a.groupBy(groupBy);
    if (targetSize != 0) a.targetSizeMiB(targetSize);
    if (jobBatch != 0) a.jobBatch(jobBatch);
    if (taskBatch != 0) a.taskBatch(taskBatch);
    if (trustModificationTime) a.trustModificationTime();
    return a;
  }

  /** What the flags alone say is wrong, before any filesystem is touched. */
  private void checkCommandLine() {
    if (!positional.isEmpty()) {
      throw new JobSpecException("Cannot use the argument " + positional.get(0) + ": Ferry takes no bare arguments; "
          + (srcs.isEmpty() ? "pass the source as --src " + positional.get(0) : "check the quoting of the flags before it"));
    }
    src = single("--src", srcs);
    dest = single("--dest", dests);
    if (diff && (outputManifest != null || previousManifest != null || copyFromManifest || snapshotDiff != null
        || groupBy != null)) {
      throw new JobSpecException("Cannot use --outputManifest, --previousManifest, --copyFromManifest, --snapshotDiff "
          + "or --groupBy with --diff: a diff compares whole trees and writes nothing; drop them");
    }
    if (diff && (codec != null || policy != null || deleteOnSuccess || enableTransaction || preserveMeta
        || syncSourceDelete || overwrite || jobBatch != 0)) {
      throw new JobSpecException("Cannot use --codec, --policy, --deleteOnSuccess, --enableTransaction, --preserveMeta, "
          + "--syncSourceDelete, --overwrite or --jobBatch with --diff: a diff writes nothing; drop them");
    }
    if (syncSourceDelete && !update && !overwrite) {
      throw new JobSpecException("Cannot use --syncSourceDelete without --update: only an update mirrors the source; "
          + "add --update");
    }
    if (policy != null && (archive || ia)) {
      throw new JobSpecException("Cannot use --policy with --archive or --ia: they set the same thing; keep --policy");
    }
    for (Map.Entry<String, String> c : credentials.given().entrySet()) {
      for (String key : credentialKeys(c.getKey())) hadoopConf.entries.putIfAbsent(key, c.getValue());
    }
  }

  /** A flag given several times must say one thing (JindoDistCp's guides repeat --dest with the same value). */
  private static String single(String flag, List<String> values) {
    if (values.isEmpty()) return null;
    String first = values.get(0);
    for (String v : values) {
      if (!v.equals(first)) {
        throw new JobSpecException("Cannot use " + flag + " twice with different values (" + first + ", " + v
            + "): give it once");
      }
    }
    return first;
  }

  /** The Hadoop keys a JindoDistCp credential flag sets; the generic --key/--secret/--endPoint go to the stores in use. */
  private List<String> credentialKeys(String flag) {
    String lower = flag.toLowerCase(java.util.Locale.ROOT);
    String what = lower.endsWith("key") ? "key" : lower.endsWith("secret") ? "secret" : "endpoint";
    String store = flag.substring(2, flag.length() - (what.equals("key") ? 3 : what.equals("secret") ? 6 : 8));
    List<String> stores = new ArrayList<>();
    if (store.isEmpty()) {
      for (String uri : new String[] {src, dest}) {
        String scheme = uri == null || !uri.contains("://") ? "" : uri.substring(0, uri.indexOf("://"));
        if (scheme.equals("oss") || scheme.startsWith("s3") || scheme.equals("cosn") || scheme.equals("obs")) {
          stores.add(scheme.startsWith("s3") ? "s3" : scheme.equals("cosn") ? "cos" : scheme);
        }
      }
    } else {
      stores.add(store.toLowerCase(java.util.Locale.ROOT));
    }
    List<String> keys = new ArrayList<>();
    for (String st : stores) {
      switch (st) {
        case "oss", "dls" -> keys.add(what.equals("key") ? "fs.oss.accessKeyId" : what.equals("secret")
            ? "fs.oss.accessKeySecret" : "fs.oss.endpoint");
        case "s3" -> keys.add(what.equals("key") ? "fs.s3a.access.key" : what.equals("secret") ? "fs.s3a.secret.key"
            : "fs.s3a.endpoint");
        case "cos" -> keys.add(what.equals("key") ? "fs.cosn.userinfo.secretId" : what.equals("secret")
            ? "fs.cosn.userinfo.secretKey" : "fs.cosn.bucket.endpoint_suffix");
        case "obs" -> keys.add(what.equals("key") ? "fs.obs.access.key" : what.equals("secret") ? "fs.obs.secret.key"
            : "fs.obs.endpoint");
        default -> { }
      }
    }
    return keys;
  }

  /** The settings copy, update and diff share. */
  private <A extends JobAction<A, ?>> A common(A a) {
    a.source(src).destination(dest).parallelism(parallelism).taskThreads(taskThreads).hadoopConf(hadoopConf.values())
        .keepOutcomes(false);
    if (filters != null) a.filtersFile(filters);
    if (srcPrefixesFile != null) a.srcPrefixesFile(srcPrefixesFile);
    for (String p : srcPatterns) a.srcPattern(p);
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

  /**
   * As JindoDistCp does, a diff that found differences leaves the list in the working directory:
   * {@code ferry-diff-<jobId>.gz}, gzip JSON lines (path relative to --src, baseName, srcDir, size,
   * category, error), one per differing or failed source file.
   */
  private static void writeDiffFile(PrintWriter err, DiffAction.Result r) {
    if (!r.hasDifferences()) return;
    String dir = System.getProperty("ferry.diff.dir", System.getenv().getOrDefault("FERRY_DIFF_DIR", "."));
    java.nio.file.Path file = java.nio.file.Path.of(dir, "ferry-diff-" + r.jobId() + ".gz").toAbsolutePath().normalize();
    ObjectMapper json = new ObjectMapper();
    long lines = 0;
    try (var out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
        java.nio.file.Files.newOutputStream(file)), java.nio.charset.StandardCharsets.UTF_8))) {
      var rows = r.outcomes().filter("category NOT IN ('DST_ONLY', 'DST_ONLY_DIR', 'SKIPPED', 'SAME')").toLocalIterator();
      while (rows.hasNext()) {
        org.apache.spark.sql.Row row = rows.next();
        String path = row.getString(0);
        Map<String, Object> m = new LinkedHashMap<>();
        String full = path.isEmpty() ? r.source() : r.source().replaceAll("/+$", "") + "/" + path;
        m.put("path", path);
        m.put("baseName", full.substring(full.lastIndexOf('/') + 1));
        m.put("srcDir", full.substring(0, full.lastIndexOf('/')));
        m.put("size", row.getLong(2));
        m.put("category", row.getString(1));
        m.put("error", row.isNullAt(6) ? null : row.getString(6));
        out.write(json.writeValueAsString(m));
        out.write('\n');
        lines++;
      }
    } catch (IOException | RuntimeException e) {
      err.println("ferry: warning: could not write the list of differences to " + file + ": " + e.getMessage());
      return;
    }
    err.println("Differing files (" + lines + "): " + file);
    err.flush();
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
    if (p.filesToDelete() + p.directoriesToDelete() > 0) {
      out.printf("  would delete        %,d files, %,d folders (only at the destination; --syncSourceDelete)%n",
          p.filesToDelete(), p.directoriesToDelete());
    }
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
