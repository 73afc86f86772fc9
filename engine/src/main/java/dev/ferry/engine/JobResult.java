package dev.ferry.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What every job's result tells: which job, when, its counters and its per-file outcomes. A value. */
public interface JobResult {

  String jobId();

  Operation operation();

  /** The fully qualified source URI. */
  String source();

  /** The fully qualified destination URI. */
  String destination();

  Instant start();

  /** When the job ended; null for a dry run. */
  Instant end();

  /** Every counter of the operation, zeros included, in report order. */
  Map<Counter, Long> counters();

  /**
   * The per-file outcomes: for a copy or update one row per file ({@link CopyOutcome}'s columns),
   * for a diff one row per differing, failed or skipped path ({@link DiffOutcome}'s columns).
   *
   * @throws IllegalStateException when the job ran with {@code keepOutcomes(false)}
   */
  Dataset<Row> outcomes();

  /** Where the outcome lines were kept (the log directory), or null when no log was asked for. */
  String outcomeLocation();

  default boolean dryRun() {
    return end() == null;
  }

  /** One counter's value. */
  default long counter(Counter c) {
    Long v = counters().get(c);
    if (v == null) throw new IllegalArgumentException(c + " is not a counter of " + operation());
    return v;
  }

  default Duration elapsed() {
    return Duration.between(start(), end() == null ? start() : end());
  }

  /** "start~end" in the driver's time zone, as JindoDistCp's alarm content has it. */
  default String jobTime() {
    DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    ZoneId zone = ZoneId.systemDefault();
    Instant last = end() == null ? start() : end();
    return time.format(start().atZone(zone)) + "~" + time.format(last.atZone(zone));
  }
}
