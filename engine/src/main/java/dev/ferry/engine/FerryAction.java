package dev.ferry.engine;

import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.JobSpecException;
import dev.ferry.engine.spec.Operation;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The fluent settings copy, update and diff share; each action adds its own and its
 * {@code execute()}.
 *
 * @param <A> the concrete action, so that every setter returns it
 */
public abstract class FerryAction<A extends FerryAction<A>> {
  final SparkSession spark;
  final JobSpec.Builder spec;
  Consumer<Progress> progress;
  Duration progressInterval = Duration.ofSeconds(2);
  boolean keepOutcomes = true;

  FerryAction(SparkSession spark, Operation operation) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.spec = JobSpec.builder(operation);
  }

  @SuppressWarnings("unchecked")
  private A self() {
    return (A) this;
  }

  public A source(String uri) { spec.source(uri); return self(); }
  public A destination(String uri) { spec.destination(uri); return self(); }
  public A parallelism(int tasks) { spec.parallelism(tasks); return self(); }
  public A taskThreads(int threads) { spec.taskThreads(threads); return self(); }
  public A filtersFile(String file) { spec.filtersFile(file); return self(); }
  public A exclude(String regex) { spec.exclude(regex); return self(); }
  public A srcPrefixesFile(String file) { spec.srcPrefixesFile(file); return self(); }
  /** Only files whose path (relative to the source, or absolute under it) starts with this. */
  public A srcPrefix(String prefix) { spec.srcPrefix(prefix); return self(); }
  /** Take equal length as equal content, as JindoDistCp's flag of the same name does. */
  public A disableChecksum() { spec.disableChecksum(true); return self(); }
  public A dryRun() { spec.dryRun(true); return self(); }
  /** Keep the per-file outcome lines in this directory (any Hadoop URI). */
  public A logDir(String dir) { spec.logDir(dir); return self(); }
  public A hadoopConf(String key, String value) { spec.hadoopConf(key, value); return self(); }
  public A hadoopConf(Map<String, String> conf) { spec.hadoopConf(conf); return self(); }
  public A jobId(String id) { spec.jobId(id); return self(); }

  /**
   * Whether the result keeps the per-file outcomes when no log directory was given (default: yes;
   * a copy is taken before the job's staging is removed). Without, {@code outcomes()} throws.
   */
  public A keepOutcomes(boolean keep) { this.keepOutcomes = keep; return self(); }

  /** Receives live progress every {@code interval} while the job runs. */
  public A onProgress(Consumer<Progress> consumer, Duration interval) {
    this.progress = consumer;
    this.progressInterval = interval;
    return self();
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
    return Ferry.execute(spark, spec(), progress, progressInterval, keepOutcomes);
  }
}
