package dev.ferry.engine;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The settings every Ferry job takes, fluently; each action adds its own and its {@link Result}.
 * An action is bound to the session it was made for ({@code Ferry.copy(spark)}) or, made without
 * one ({@code Ferry.copy()}), to the session active when it runs.
 *
 * @param <A> the action itself, so that every setter returns it
 * @param <R> what {@link #execute()} returns
 */
public interface JobAction<A extends JobAction<A, R>, R extends JobResult> {

  /** The source directory or file: a path of the default filesystem, or any Hadoop URI. */
  A source(String uri);

  /** The destination directory (or, for a single-file source, the file path). */
  A destination(String uri);

  /** Spark tasks to run; 0 (the default) lets Ferry choose from the cluster's cores. */
  A parallelism(int tasks);

  /** Files each task works on at once; 0 (the default) lets Ferry choose per store. */
  A taskThreads(int threads);

  /** A file of regular expressions; paths matching one as a whole are left out. */
  A filtersFile(String file);

  /** Leaves out paths matching this regular expression (against the relative path or the URI). */
  A exclude(String regex);

  /** A file of paths under the source; only files under one of them are taken. */
  A srcPrefixesFile(String file);

  /** Only files whose path (relative to the source, or absolute under it) starts with this. */
  A srcPrefix(String prefix);

  /** Only files whose path (relative, or the URI) matches this regular expression as a whole (--srcPattern). */
  A srcPattern(String regex);

  /** Take equal length as equal content, as JindoDistCp's flag of the same name does. */
  A disableChecksum();

  /** List and plan only: the result has the plan and zero counters; nothing is written. */
  A dryRun();

  /** Keep the per-file outcome lines in this directory (any Hadoop URI). */
  A logDir(String dir);

  /** Hadoop configuration for this job only (credentials, endpoints); values are never printed. */
  A hadoopConf(String key, String value);

  A hadoopConf(Map<String, String> conf);

  /** Names the job (letters, digits, '-' and '_'); by default a time-stamped id. */
  A jobId(String id);

  /**
   * Whether the result keeps the per-file outcomes when no log directory was given (default: yes;
   * a copy is taken before the job's staging is removed). Without, {@code outcomes()} throws.
   */
  A keepOutcomes(boolean keep);

  /** Receives live progress every {@code interval} while the job runs. */
  A onProgress(Consumer<Progress> consumer, Duration interval);

  /**
   * Checks what can be checked without a filesystem (required settings, ranges, combinations).
   *
   * @throws JobSpecException naming the setting and the fix
   */
  A validate();

  /**
   * Runs the job under a Spark job group named after it (cancellable from the Spark UI). Never
   * stops the session or exits the JVM.
   *
   * @throws JobSpecException bad input, found before anything was written
   * @throws JobAbortedException the job started and could not finish
   */
  R execute();
}
