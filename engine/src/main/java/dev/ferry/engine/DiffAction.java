package dev.ferry.engine;

import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.JobSpecException;
import dev.ferry.engine.spec.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/** A comparison of two trees, configured fluently and run by {@link #execute()}; writes nothing. */
public final class DiffAction {
  private final SparkSession spark;
  private final JobSpec.Builder spec = JobSpec.builder(Operation.DIFF);
  private Consumer<Progress> progress;
  private Duration progressInterval = Duration.ofSeconds(2);

  DiffAction(SparkSession spark) {
    this.spark = Objects.requireNonNull(spark, "spark");
  }

  public DiffAction source(String uri) { spec.source(uri); return this; }
  public DiffAction destination(String uri) { spec.destination(uri); return this; }
  public DiffAction parallelism(int tasks) { spec.parallelism(tasks); return this; }
  public DiffAction taskThreads(int threads) { spec.taskThreads(threads); return this; }
  public DiffAction filtersFile(String file) { spec.filtersFile(file); return this; }
  public DiffAction exclude(String regex) { spec.exclude(regex); return this; }
  public DiffAction srcPrefixesFile(String file) { spec.srcPrefixesFile(file); return this; }
  /** Compare names and lengths only, as JindoDistCp's flag of the same name does. */
  public DiffAction disableChecksum() { spec.disableChecksum(true); return this; }
  public DiffAction dryRun() { spec.dryRun(true); return this; }
  /** Keep one JSON line per differing or failed path in this directory (any Hadoop URI). */
  public DiffAction logDir(String dir) { spec.logDir(dir); return this; }
  public DiffAction hadoopConf(String key, String value) { spec.hadoopConf(key, value); return this; }
  public DiffAction hadoopConf(Map<String, String> conf) { spec.hadoopConf(conf); return this; }
  public DiffAction jobId(String id) { spec.jobId(id); return this; }

  public DiffAction onProgress(Consumer<Progress> consumer, Duration interval) {
    this.progress = consumer;
    this.progressInterval = interval;
    return this;
  }

  /** The spec this action would run; throws {@link JobSpecException} for bad combinations. */
  public JobSpec spec() {
    return spec.build();
  }

  /**
   * Runs the comparison under a Spark job group named after it. The result's counters are the
   * diff counters; {@link JobResult#outcomes()} holds the differing and failed paths.
   */
  public JobResult execute() {
    return DiffJob.run(spark, spec(), progress, progressInterval);
  }
}
