package dev.ferry.engine.internal.spec;

import dev.ferry.engine.CommitMode;
import dev.ferry.engine.JobSpecException;
import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One job as the user asked for it, on the driver. Checks that need no filesystem happen in
 * {@link Builder#build()}; checks that need one happen in {@link JobResolver}. Both throw
 * {@link JobSpecException}. The Hadoop settings stay on the driver and reach executors only
 * inside the broadcast configuration.
 *
 * @param parallelism Spark tasks; 0 lets Ferry choose
 * @param taskThreads files a task works on at once; 0 lets Ferry choose per store
 * @param bandwidthMBps write limit per executor; 0 means none
 * @param includePatterns regular expressions a file's path must match (JindoDistCp 3.x --srcPattern)
 * @param codec keep (copy bytes), none (decompress), or a codec to compress with (gzip, snappy, ...)
 * @param storageClass the storage class of written objects (Standard, IA, Archive, ColdArchive), or null
 * @param deleteOnSuccess delete each source file once its copy is verified (a move)
 * @param transaction nothing of a failed job is visible at the destination
 * @param preserveMeta copy owner, group, permission, times, and where both sides have them
 *     replication, block size, extended attributes and ACLs
 * @param syncSourceDelete an update also deletes what the source no longer has
 * @param maxDeletes with syncSourceDelete, refuse to delete more than this many paths (-1: no limit)
 * @param stagingRoot where the job's staging goes (its folder is {@code <stagingRoot>/<jobId>}); null: /tmp/ferry-&lt;user&gt;
 * @param jobBatch files per Spark job (0: all in one)
 * @param taskBatch files per Spark task (0: Ferry's choice)
 * @param trustModificationTime an update skips files whose source length and modification time equal
 *     what was recorded with their last verified copy (misses rewrites that keep both)
 * @param manifests manifests written and read ({@link Manifests#NONE}: none)
 * @param snapshotDiff an update applying the difference of two HDFS snapshots of the source, or null
 * @param merge files concatenated per group while copying, or null
 */
public record JobSpec(String jobId, Operation operation, String source, String destination, int parallelism,
                      int taskThreads, double bandwidthMBps, String filtersFile, List<String> excludePatterns,
                      String srcPrefixesFile, List<String> srcPrefixes, List<String> includePatterns,
                      boolean disableChecksum, boolean dryRun, String logDir, CommitMode commitMode,
                      boolean cleanupUploads, String codec, String storageClass, boolean deleteOnSuccess,
                      boolean transaction, boolean preserveMeta, boolean syncSourceDelete, long maxDeletes,
                      String stagingRoot, long jobBatch, int taskBatch, boolean trustModificationTime,
                      Manifests manifests, SnapshotDiff snapshotDiff, Merge merge, Map<String, String> hadoopConf) {

  /** The default safety limit of {@code --syncSourceDelete}. */
  public static final long DEFAULT_MAX_DELETES = 1000;

  public static Builder builder(Operation operation) {
    return new Builder(operation);
  }

  static String newJobId() {
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "ferry-" + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  /** A one-line description for the Spark UI and logs; never includes configuration values. */
  public String describe() {
    StringBuilder sb = new StringBuilder("Ferry ").append(operation.name().toLowerCase())
        .append(' ').append(source).append(" -> ").append(destination);
    if (disableChecksum) sb.append(" --disableChecksum");
    if (dryRun) sb.append(" --dryRun");
    if (parallelism > 0) sb.append(" --parallelism ").append(parallelism);
    if (bandwidthMBps > 0) sb.append(" --bandWidth ").append(bandwidthMBps);
    return sb.toString();
  }

  /** Fluent construction; {@link #build()} rejects combinations that can never work. */
  public static final class Builder {
    private String jobId;
    private Operation operation;
    private String source;
    private String destination;
    private int parallelism;
    private int taskThreads;
    private double bandwidthMBps;
    private String filtersFile;
    private final List<String> excludePatterns = new ArrayList<>();
    private String srcPrefixesFile;
    private final List<String> srcPrefixes = new ArrayList<>();
    private final List<String> includePatterns = new ArrayList<>();
    private String codec = "keep";
    private String storageClass;
    private boolean deleteOnSuccess;
    private boolean transaction;
    private boolean preserveMeta;
    private boolean syncSourceDelete;
    private long maxDeletes = DEFAULT_MAX_DELETES;
    private String stagingRoot;
    private long jobBatch;
    private int taskBatch;
    private boolean trustModificationTime;
    private String outputManifest;
    private String previousManifest;
    private boolean requirePreviousManifest = true;
    private boolean copyFromManifest;
    private SnapshotDiff snapshotDiff;
    private String groupBy;
    private long targetSizeMiB;
    private boolean disableChecksum;
    private boolean dryRun;
    private String logDir;
    private CommitMode commitMode = CommitMode.AUTO;
    private boolean cleanupUploads;
    private final Map<String, String> hadoopConf = new LinkedHashMap<>();

    private Builder(Operation operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
    }

    public Builder jobId(String id) { this.jobId = id; return this; }
    public Builder operation(Operation op) { this.operation = Objects.requireNonNull(op); return this; }
    public Builder source(String uri) { this.source = uri; return this; }
    public Builder destination(String uri) { this.destination = uri; return this; }
    public Builder parallelism(int n) { this.parallelism = n; return this; }
    public Builder taskThreads(int n) { this.taskThreads = n; return this; }
    public Builder bandwidthMBps(double mbps) { this.bandwidthMBps = mbps; return this; }
    public Builder filtersFile(String file) { this.filtersFile = file; return this; }
    public Builder exclude(String regex) { this.excludePatterns.add(regex); return this; }
    public Builder srcPrefixesFile(String file) { this.srcPrefixesFile = file; return this; }
    public Builder srcPrefix(String prefix) { this.srcPrefixes.add(prefix); return this; }
    public Builder include(String regex) { this.includePatterns.add(regex); return this; }
    public Builder codec(String c) { this.codec = Codecs.normalize(Objects.requireNonNull(c)); return this; }
    public Builder storageClass(String c) { this.storageClass = c; return this; }
    public Builder deleteOnSuccess(boolean v) { this.deleteOnSuccess = v; return this; }
    public Builder transaction(boolean v) { this.transaction = v; return this; }
    public Builder preserveMeta(boolean v) { this.preserveMeta = v; return this; }
    public Builder syncSourceDelete(boolean v) { this.syncSourceDelete = v; return this; }
    public Builder maxDeletes(long n) { this.maxDeletes = n; return this; }
    public Builder stagingRoot(String dir) { this.stagingRoot = dir; return this; }
    public Builder jobBatch(long n) { this.jobBatch = n; return this; }
    public Builder taskBatch(int n) { this.taskBatch = n; return this; }
    public Builder trustModificationTime(boolean v) { this.trustModificationTime = v; return this; }
    public Builder outputManifest(String name) { this.outputManifest = name; return this; }
    public Builder previousManifest(String uri) { this.previousManifest = uri; return this; }
    public Builder requirePreviousManifest(boolean v) { this.requirePreviousManifest = v; return this; }
    public Builder copyFromManifest(boolean v) { this.copyFromManifest = v; return this; }
    public Builder snapshotDiff(String from, String to) { this.snapshotDiff = new SnapshotDiff(from, to); return this; }
    public Builder groupBy(String regex) { this.groupBy = regex; return this; }
    public Builder targetSizeMiB(long mib) { this.targetSizeMiB = mib; return this; }
    public Builder disableChecksum(boolean v) { this.disableChecksum = v; return this; }
    public Builder dryRun(boolean v) { this.dryRun = v; return this; }
    public Builder logDir(String dir) { this.logDir = dir; return this; }
    public Builder commitMode(CommitMode mode) { this.commitMode = Objects.requireNonNull(mode); return this; }
    public Builder cleanupUploads(boolean v) { this.cleanupUploads = v; return this; }
    public Builder hadoopConf(String key, String value) { this.hadoopConf.put(key, value); return this; }
    public Builder hadoopConf(Map<String, String> conf) { this.hadoopConf.putAll(conf); return this; }

    /** Throws {@link JobSpecException} for settings that can never work. */
    public void validate() {
      require(source != null && !source.isBlank(), "Cannot start a job: no source given; pass --src URI");
      require(destination != null && !destination.isBlank(),
          "Cannot start a job: no destination given; pass --dest URI");
      require(jobId == null || TemporaryNames.JOB_ID.matcher(jobId).matches(),
          "Cannot use job id \"" + jobId + "\": it names files, so it may hold only letters, digits, '-' and '_'; "
              + "choose another");
      require(parallelism >= 0, "Cannot use --parallelism " + parallelism + ": it must be positive; omit it to let Ferry choose");
      require(taskThreads >= 0, "Cannot use --taskThreads " + taskThreads + ": it must be positive; omit it to let Ferry choose");
      require(bandwidthMBps == -1 || (bandwidthMBps >= 0 && !Double.isNaN(bandwidthMBps) && !Double.isInfinite(bandwidthMBps)),
          "Cannot use --bandWidth " + bandwidthMBps + ": give a number of MB/s, or -1 (the default) for no limit");
      require(jobBatch >= 0, "Cannot use --jobBatch " + jobBatch + ": give a positive number of files per Spark job");
      require(taskBatch >= 0, "Cannot use --taskBatch " + taskBatch + ": give a positive number of files per task");
      require(maxDeletes >= -1, "Cannot use --maxDeletes " + maxDeletes + ": give a number of paths, or -1 for no limit");
      for (String regex : includePatterns) {
        require(regex != null && !regex.isBlank(), "Cannot use an empty --srcPattern: give a regular expression");
      }
      Codecs.check(codec);
      if (storageClass != null) StorageClasses.check(storageClass);
      require(!syncSourceDelete || operation != Operation.DIFF,
          "Cannot use --syncSourceDelete with --diff: a diff writes nothing; use it with --update");
      require(!(deleteOnSuccess && operation == Operation.DIFF), "Cannot use --deleteOnSuccess with --diff: a diff "
          + "copies nothing, so there is nothing to move; drop one of them");
      require(!(deleteOnSuccess && transaction), "Cannot use --deleteOnSuccess with --enableTransaction: source files "
          + "would be deleted before the transaction publishes their copies; run the transaction, then "
          + "--update --deleteOnSuccess");
      require(!(deleteOnSuccess && syncSourceDelete), "Cannot use --deleteOnSuccess with --syncSourceDelete: files "
          + "moved away from the source would then be deleted at the destination by the next run; choose one");
      require(!trustModificationTime || operation == Operation.UPDATE, "Cannot use --trustModificationTime without "
          + "--update: it lets an update skip files; add --update");
      require(!(transaction && operation == Operation.DIFF), "Cannot use --enableTransaction with --diff: a diff "
          + "writes nothing; drop --enableTransaction");
      require(!(transaction && commitMode == CommitMode.DIRECT), "Cannot use --enableTransaction with --commitMode "
          + "DIRECT: a transaction stages every file before it publishes them; drop --commitMode");
      validateManifests();
      validateSnapshotDiff();
      validateMerge();
      for (Map.Entry<String, String> e : hadoopConf.entrySet()) {
        require(e.getKey() != null && !e.getKey().isBlank() && e.getValue() != null,
            "Cannot use --hadoopConf: every entry needs the form key=value");
      }
    }

    private void validateManifests() {
      if (outputManifest != null) {
        require(operation != Operation.DIFF, "Cannot use --outputManifest with --diff: a diff copies nothing; use it "
            + "with a copy or an update");
        require(!outputManifest.isBlank() && !outputManifest.contains("/") && outputManifest.endsWith(".gz")
                && !outputManifest.equals(".gz"),
            "Cannot use --outputManifest " + outputManifest + ": give a file name ending in .gz, such as manifest.gz "
                + "(it is written into the destination folder)");
      }
      if (previousManifest != null) {
        require(operation != Operation.DIFF, "Cannot use --previousManifest with --diff: a diff compares whole trees; "
            + "drop --previousManifest");
        require(!previousManifest.isBlank(), "Cannot use an empty --previousManifest: give the URI of a manifest an "
            + "earlier run wrote with --outputManifest");
      }
      require(!copyFromManifest || previousManifest != null, "Cannot use --copyFromManifest without --previousManifest "
          + "URI: it copies exactly the files that manifest lists; add --previousManifest");
    }

    private void validateSnapshotDiff() {
      if (snapshotDiff == null) return;
      String from = snapshotDiff.from();
      String to = snapshotDiff.to();
      require(from != null && !from.isBlank() && to != null && !to.isBlank() && !from.contains("/") && !to.contains("/"),
          "Cannot use --snapshotDiff: give two snapshot names of the source, such as --snapshotDiff s1 s2");
      require(!from.equals(to), "Cannot use --snapshotDiff " + from + " " + to + ": the two snapshots are the same; "
          + "give the snapshot the destination was made from, then the newer one");
      require(operation == Operation.UPDATE, "Cannot use --snapshotDiff without --update: it updates a destination "
          + "made from the first snapshot; add --update");
      require(previousManifest == null, "Cannot use --snapshotDiff with --previousManifest or --copyFromManifest: "
          + "the snapshot diff already names what to copy; choose one");
      require("keep".equals(codec), "Cannot use --snapshotDiff with --codec: renames in the snapshot diff are applied "
          + "by name; run it without --codec");
      require(!deleteOnSuccess, "Cannot use --snapshotDiff with --deleteOnSuccess: snapshots are read-only; "
          + "drop --deleteOnSuccess");
      require(!transaction, "Cannot use --snapshotDiff with --enableTransaction: renames and deletions are applied "
          + "in place; drop --enableTransaction");
      require(srcPrefixes.isEmpty() && srcPrefixesFile == null && includePatterns.isEmpty()
              && excludePatterns.isEmpty() && filtersFile == null,
          "Cannot use --snapshotDiff with --srcPrefixesFile, --srcPattern or --filters: the snapshot diff covers "
              + "the whole source; drop the filters");
    }

    private void validateMerge() {
      require(targetSizeMiB >= 0, "Cannot use --targetSize " + targetSizeMiB + ": give a size in MiB");
      if (groupBy == null) {
        require(targetSizeMiB == 0, "Cannot use --targetSize without --groupBy: it sizes the merged files; add "
            + "--groupBy REGEX");
        return;
      }
      java.util.regex.Pattern p;
      try {
        p = java.util.regex.Pattern.compile(groupBy);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new JobSpecException("Cannot use --groupBy " + groupBy + ": not a regular expression ("
            + e.getDescription() + "); fix it");
      }
      require(p.matcher("").groupCount() > 0, "Cannot use --groupBy " + groupBy + ": it has no capture group; put "
          + "the part that names the merged file in parentheses, such as .*/(\\d{4}-\\d{2}-\\d{2})-.*\\.log");
      require(operation != Operation.DIFF, "Cannot use --groupBy with --diff: a diff compares files one by one; "
          + "compare merged files through a manifest (--outputManifest)");
      require(operation != Operation.UPDATE || previousManifest != null, "Cannot use --groupBy with --update "
          + "without --previousManifest: merged files cannot be compared with their sources; give the manifest "
          + "the earlier run wrote (--outputManifest) to skip what it merged");
      require(!copyFromManifest && snapshotDiff == null && !transaction && !deleteOnSuccess && !syncSourceDelete
              && !preserveMeta, "Cannot use --groupBy with --copyFromManifest, --snapshotDiff, --enableTransaction, "
          + "--deleteOnSuccess, --syncSourceDelete or --preserveMeta; drop them");
    }

    public JobSpec build() {
      validate();
      return new JobSpec(jobId != null ? jobId : newJobId(), operation, source, destination, parallelism, taskThreads,
          bandwidthMBps == -1 ? 0 : bandwidthMBps, filtersFile, List.copyOf(excludePatterns), srcPrefixesFile, List.copyOf(srcPrefixes),
          List.copyOf(includePatterns), disableChecksum, dryRun, logDir, commitMode, cleanupUploads, codec, storageClass,
          deleteOnSuccess, transaction, preserveMeta, syncSourceDelete, maxDeletes, stagingRoot, jobBatch, taskBatch,
          trustModificationTime, outputManifest == null && previousManifest == null ? Manifests.NONE
              : new Manifests(outputManifest, previousManifest, requirePreviousManifest, copyFromManifest),
          snapshotDiff, groupBy == null ? null : new Merge(groupBy, targetSizeMiB << 20),
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hadoopConf)));
    }

    private static void require(boolean ok, String message) {
      if (!ok) throw new JobSpecException(message);
    }
  }
}
