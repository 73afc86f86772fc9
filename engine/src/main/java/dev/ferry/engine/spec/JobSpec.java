package dev.ferry.engine.spec;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One job, as the user asked for it: immutable and serializable so it can ship to executors.
 * Checks that need no filesystem happen in {@link Builder#build()}; checks that need one happen in
 * {@link JobResolver}. Both throw {@link JobSpecException}.
 */
public final class JobSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String jobId;
  private final Operation operation;
  private final String source;
  private final String destination;
  private final int parallelism;
  private final int taskThreads;
  private final double bandwidthMBps;
  private final String filtersFile;
  private final List<String> excludePatterns;
  private final String srcPrefixesFile;
  private final List<String> srcPrefixes;
  private final boolean disableChecksum;
  private final boolean ignoreFailures;
  private final boolean dryRun;
  private final String logDir;
  private final CommitMode commitMode;
  private final boolean cleanupUploads;
  private final Map<String, String> hadoopConf;

  private JobSpec(Builder b) {
    this.jobId = b.jobId != null ? b.jobId : newJobId();
    this.operation = b.operation;
    this.source = b.source;
    this.destination = b.destination;
    this.parallelism = b.parallelism;
    this.taskThreads = b.taskThreads;
    this.bandwidthMBps = b.bandwidthMBps;
    this.filtersFile = b.filtersFile;
    this.excludePatterns = Collections.unmodifiableList(new ArrayList<>(b.excludePatterns));
    this.srcPrefixesFile = b.srcPrefixesFile;
    this.srcPrefixes = Collections.unmodifiableList(new ArrayList<>(b.srcPrefixes));
    this.disableChecksum = b.disableChecksum;
    this.ignoreFailures = b.ignoreFailures;
    this.dryRun = b.dryRun;
    this.logDir = b.logDir;
    this.commitMode = b.commitMode;
    this.cleanupUploads = b.cleanupUploads;
    this.hadoopConf = Collections.unmodifiableMap(new LinkedHashMap<>(b.hadoopConf));
  }

  public static Builder builder(Operation operation) {
    return new Builder(operation);
  }

  static String newJobId() {
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "ferry-" + time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  public String jobId() { return jobId; }
  public Operation operation() { return operation; }
  public String source() { return source; }
  public String destination() { return destination; }
  /** Number of copy tasks; 0 lets Ferry choose from the cluster's cores and the listing. */
  public int parallelism() { return parallelism; }
  /** Files a task works on at once; 0 lets Ferry choose per store. */
  public int taskThreads() { return taskThreads; }
  /** Write limit in MB/s per executor; 0 means unlimited. */
  public double bandwidthMBps() { return bandwidthMBps; }
  public String filtersFile() { return filtersFile; }
  public List<String> excludePatterns() { return excludePatterns; }
  public String srcPrefixesFile() { return srcPrefixesFile; }
  /** Source prefixes given directly (paths under the source, or relative to it), besides the file's. */
  public List<String> srcPrefixes() { return srcPrefixes; }
  public boolean disableChecksum() { return disableChecksum; }
  public boolean ignoreFailures() { return ignoreFailures; }
  public boolean dryRun() { return dryRun; }
  public String logDir() { return logDir; }
  public CommitMode commitMode() { return commitMode; }
  /** Abort multipart uploads left under the destination by earlier runs before copying. */
  public boolean cleanupUploads() { return cleanupUploads; }
  public Map<String, String> hadoopConf() { return hadoopConf; }

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
    private boolean disableChecksum;
    private boolean ignoreFailures;
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
    public Builder disableChecksum(boolean v) { this.disableChecksum = v; return this; }
    public Builder ignoreFailures(boolean v) { this.ignoreFailures = v; return this; }
    public Builder dryRun(boolean v) { this.dryRun = v; return this; }
    public Builder logDir(String dir) { this.logDir = dir; return this; }
    public Builder commitMode(CommitMode mode) { this.commitMode = Objects.requireNonNull(mode); return this; }
    public Builder cleanupUploads(boolean v) { this.cleanupUploads = v; return this; }
    public Builder hadoopConf(String key, String value) { this.hadoopConf.put(key, value); return this; }
    public Builder hadoopConf(Map<String, String> conf) { this.hadoopConf.putAll(conf); return this; }

    public JobSpec build() {
      require(source != null && !source.isBlank(), "Cannot start a job: no source given; pass --src URI");
      require(destination != null && !destination.isBlank(),
          "Cannot start a job: no destination given; pass --dest URI");
      require(jobId == null || dev.ferry.engine.store.TemporaryNames.JOB_ID.matcher(jobId).matches(),
          "Cannot use job id \"" + jobId + "\": it names files, so it may hold only letters, digits, '-' and '_'; "
              + "choose another");
      require(parallelism >= 0, "Cannot use --parallelism " + parallelism + ": it must be positive; omit it to let Ferry choose");
      require(taskThreads >= 0, "Cannot use --taskThreads " + taskThreads + ": it must be positive; omit it to let Ferry choose");
      require(bandwidthMBps >= 0 && !Double.isNaN(bandwidthMBps) && !Double.isInfinite(bandwidthMBps),
          "Cannot use --bandWidth " + bandwidthMBps + ": it must be a positive number of MB/s; omit it for no limit");
      for (Map.Entry<String, String> e : hadoopConf.entrySet()) {
        require(e.getKey() != null && !e.getKey().isBlank() && e.getValue() != null,
            "Cannot use --hadoopConf: every entry needs the form key=value");
      }
      return new JobSpec(this);
    }

    private static void require(boolean ok, String message) {
      if (!ok) throw new JobSpecException(message);
    }
  }
}
