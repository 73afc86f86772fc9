package dev.ferry.engine;

import dev.ferry.engine.spec.CommitMode;
import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.JobSpecException;
import dev.ferry.engine.spec.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/** A copy or update, configured fluently and run by {@link #execute()}. */
public final class CopyAction {
  private final SparkSession spark;
  private final JobSpec.Builder spec = JobSpec.builder(Operation.COPY);
  private Consumer<Progress> progress;
  private Duration progressInterval = Duration.ofSeconds(2);

  CopyAction(SparkSession spark) {
    this.spark = Objects.requireNonNull(spark, "spark");
  }

  public CopyAction source(String uri) { spec.source(uri); return this; }
  public CopyAction destination(String uri) { spec.destination(uri); return this; }
  /** Copy only files missing at the destination or differing in length or content. */
  public CopyAction update() { spec.operation(Operation.UPDATE); return this; }
  public CopyAction parallelism(int tasks) { spec.parallelism(tasks); return this; }
  public CopyAction taskThreads(int threads) { spec.taskThreads(threads); return this; }
  public CopyAction bandwidthMBps(double mbps) { spec.bandwidthMBps(mbps); return this; }
  public CopyAction filtersFile(String file) { spec.filtersFile(file); return this; }
  public CopyAction exclude(String regex) { spec.exclude(regex); return this; }
  public CopyAction srcPrefixesFile(String file) { spec.srcPrefixesFile(file); return this; }
  /** Only files whose path (relative to the source, or absolute under it) starts with this. */
  public CopyAction srcPrefix(String prefix) { spec.srcPrefix(prefix); return this; }
  /** Update: take equal length as equal content, as JindoDistCp's flag of the same name does. */
  public CopyAction disableChecksum() { spec.disableChecksum(true); return this; }
  public CopyAction ignoreFailures() { spec.ignoreFailures(true); return this; }
  public CopyAction dryRun() { spec.dryRun(true); return this; }
  /** Keep the per-file outcome lines in this directory (any Hadoop URI). */
  public CopyAction logDir(String dir) { spec.logDir(dir); return this; }
  public CopyAction hadoopConf(String key, String value) { spec.hadoopConf(key, value); return this; }
  public CopyAction hadoopConf(Map<String, String> conf) { spec.hadoopConf(conf); return this; }
  public CopyAction jobId(String id) { spec.jobId(id); return this; }
  /** DIRECT: write under final names; RENAME: temporary name then rename; AUTO: DIRECT on object stores. */
  public CopyAction commitMode(CommitMode mode) { spec.commitMode(mode); return this; }
  /** Abort multipart uploads left under the destination by earlier runs before copying. */
  public CopyAction cleanupUploads() { spec.cleanupUploads(true); return this; }

  /** Receives live progress every {@code interval} while files are copied. */
  public CopyAction onProgress(Consumer<Progress> consumer, Duration interval) {
    this.progress = consumer;
    this.progressInterval = interval;
    return this;
  }

  /** The spec this action would run; throws {@link JobSpecException} for bad combinations. */
  public JobSpec spec() {
    return spec.build();
  }

  /**
   * Runs the job under a Spark job group named after it.
   *
   * @throws JobSpecException bad input, found before anything was written
   * @throws JobAbortedException the job started and could not finish
   */
  public JobResult execute() {
    return CopyJob.run(spark, spec(), progress, progressInterval);
  }
}
