package dev.ferry.engine.internal;

import dev.ferry.engine.JobAction;
import dev.ferry.engine.JobResult;
import dev.ferry.engine.Operation;
import dev.ferry.engine.Progress;
import dev.ferry.engine.internal.spec.JobSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The settings copy, update and diff share, held in the spec's builder; each action adds its own
 * and runs its job.
 */
abstract class SparkJobAction<A extends JobAction<A, R>, R extends JobResult> implements JobAction<A, R> {
  private final SparkSession spark;
  final JobSpec.Builder spec;
  private Consumer<Progress> progress;
  private Duration progressInterval = Duration.ofSeconds(2);
  private boolean keepOutcomes = true;

  SparkJobAction(SparkSession spark, Operation operation) {
    this.spark = spark;
    this.spec = JobSpec.builder(operation);
  }

  @SuppressWarnings("unchecked")
  final A self() {
    return (A) this;
  }

  @Override public A source(String uri) { spec.source(uri); return self(); }
  @Override public A destination(String uri) { spec.destination(uri); return self(); }
  @Override public A parallelism(int tasks) { spec.parallelism(tasks); return self(); }
  @Override public A taskThreads(int threads) { spec.taskThreads(threads); return self(); }
  @Override public A filtersFile(String file) { spec.filtersFile(file); return self(); }
  @Override public A exclude(String regex) { spec.exclude(regex); return self(); }
  @Override public A srcPrefixesFile(String file) { spec.srcPrefixesFile(file); return self(); }
  @Override public A srcPrefix(String prefix) { spec.srcPrefix(prefix); return self(); }
  @Override public A srcPattern(String regex) { spec.include(regex); return self(); }
  @Override public A disableChecksum() { spec.disableChecksum(true); return self(); }
  @Override public A dryRun() { spec.dryRun(true); return self(); }
  @Override public A logDir(String dir) { spec.logDir(dir); return self(); }
  @Override public A hadoopConf(String key, String value) { spec.hadoopConf(key, value); return self(); }
  @Override public A hadoopConf(Map<String, String> conf) { spec.hadoopConf(conf); return self(); }
  @Override public A jobId(String id) { spec.jobId(id); return self(); }
  @Override public A keepOutcomes(boolean keep) { this.keepOutcomes = keep; return self(); }

  @Override
  public A onProgress(Consumer<Progress> consumer, Duration interval) {
    this.progress = consumer;
    this.progressInterval = Objects.requireNonNull(interval, "interval");
    return self();
  }

  @Override
  public A validate() {
    spec.validate();
    return self();
  }

  @Override
  public R execute() {
    JobSpec s = spec.build();
    SparkSession session = spark != null ? spark : SparkSession.active();
    return run(JobContext.start(session, s, progress, progressInterval, keepOutcomes));
  }

  abstract R run(JobContext context);
}
