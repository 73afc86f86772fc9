package dev.ferry.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.exec.DiffOutcome;
import dev.ferry.engine.exec.FileOutcome;
import dev.ferry.engine.plan.CopyPlan;
import dev.ferry.engine.plan.DiffPlan;
import dev.ferry.engine.spec.Operation;
import dev.ferry.engine.store.StoreLocation;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The result of one job: counters, job time, failed files and the per-file outcomes. */
public final class JobResult {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** Columns of {@link #outcomes()}. */
  public static final StructType OUTCOME_SCHEMA = new StructType()
      .add("path", DataTypes.StringType)
      .add("action", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("bytes", DataTypes.LongType)
      .add("reason", DataTypes.StringType)
      .add("error", DataTypes.StringType);
  /** Columns of {@link #outcomes()} for a diff: one row per differing or failed path. */
  public static final StructType DIFF_SCHEMA = new StructType()
      .add("path", DataTypes.StringType)
      .add("category", DataTypes.StringType)
      .add("srcLength", DataTypes.LongType)
      .add("dstLength", DataTypes.LongType)
      .add("srcChecksum", DataTypes.StringType)
      .add("dstChecksum", DataTypes.StringType)
      .add("error", DataTypes.StringType);

  private final String jobId;
  private final Operation operation;
  private final StoreLocation source;
  private final StoreLocation destination;
  private final Instant start;
  private final Instant end;
  private final Map<Counter, Long> counters;
  private final List<FileOutcome> failures;
  private final String logLocation;
  private final boolean ignoreFailures;
  private final CopyPlan plan;
  private final DiffPlan diffPlan;
  private final List<DiffOutcome> differences;
  private final long sourceChanged;
  private final Dataset<Row> outcomes;

  /**
   * @param logLocation where the outcome lines were kept (the user's log directory), or null
   * @param outcomes the per-file outcomes (read from the log, or a copy taken before the job's
   *     staging was removed), or null when they were not kept
   */
  JobResult(String jobId, Operation operation, StoreLocation source, StoreLocation destination, Instant start,
            Instant end, Map<Counter, Long> counters, List<FileOutcome> failures, String logLocation,
            boolean ignoreFailures, CopyPlan plan, DiffPlan diffPlan, List<DiffOutcome> differences,
            long sourceChanged, Dataset<Row> outcomes) {
    this.jobId = jobId;
    this.operation = operation;
    this.source = source;
    this.destination = destination;
    this.start = start;
    this.end = end;
    this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    this.failures = List.copyOf(failures);
    this.logLocation = logLocation;
    this.ignoreFailures = ignoreFailures;
    this.plan = plan;
    this.diffPlan = diffPlan;
    this.differences = List.copyOf(differences);
    this.sourceChanged = sourceChanged;
    this.outcomes = outcomes;
  }

  public String jobId() { return jobId; }
  public Operation operation() { return operation; }
  /** The fully qualified source URI. */
  public String source() { return source.toString(); }
  /** The fully qualified destination URI. */
  public String destination() { return destination.toString(); }
  public Instant start() { return start; }
  public Instant end() { return end; }
  /** Every counter of the operation, zeros included, in report order. */
  public Map<Counter, Long> counters() { return counters; }
  /** Failed files, at most 100 per task; {@link #outcomes()} has them all. */
  public List<FileOutcome> failures() { return failures; }
  /** The plan this copy or update ran (or, for a dry run, would run); null for a diff. */
  public CopyPlan plan() { return plan; }
  /** The plan this diff ran (or would run); null for a copy or update. */
  public DiffPlan diffPlan() { return diffPlan; }
  /** Differing or failed paths of a diff, at most 100 per task; {@link #outcomes()} has them all. */
  public List<DiffOutcome> differences() { return differences; }
  public boolean dryRun() { return end == null; }
  /** Where the per-file outcome lines were kept ({@code --log}), or null when no log was asked for. */
  public String outcomeLocation() { return logLocation; }
  /**
   * Files counted in COPY_FAILED because their source changed while they were copied (or since
   * they were listed): a later update takes them up.
   */
  public long sourceChanged() { return sourceChanged; }

  public long counter(Counter c) {
    Long v = counters.get(c);
    if (v == null) throw new IllegalArgumentException(c + " is not a counter of " + operation);
    return v;
  }

  /** True when some file failed (copy, update) or the trees differ or could not be compared (diff). */
  public boolean hasFailures() {
    if (operation == Operation.DIFF) return counter(Counter.DIFF_FILES) > 0 || counter(Counter.DIFF_FAILED) > 0;
    return counter(Counter.COPY_FAILED) > 0;
  }

  /** The DESIGN.md exit code for a job that ran: 0, or 1 when {@link #hasFailures()} (unless ignored). */
  public int exitCode() {
    return hasFailures() && !ignoreFailures ? 1 : 0;
  }

  /** "start~end" in the driver's time zone, as JindoDistCp's alarm content has it. */
  public String jobTime() {
    ZoneId zone = ZoneId.systemDefault();
    Instant last = end == null ? start : end;
    return TIME.format(start.atZone(zone)) + "~" + TIME.format(last.atZone(zone));
  }

  /** The report and alarm content: Operation, JobTime, SrcPath, DestPath, Counter. */
  public Map<String, Object> report() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Operation", operation.name());
    m.put("JobTime", jobTime());
    m.put("SrcPath", source());
    m.put("DestPath", destination());
    Map<String, Long> c = new LinkedHashMap<>();
    counters.forEach((k, v) -> c.put(k.name(), v));
    m.put("Counter", c);
    return m;
  }

  public String reportJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Per-file outcomes with the columns of {@link #OUTCOME_SCHEMA} (copy, update: every file) or
   * {@link #DIFF_SCHEMA} (diff: differing and failed paths).
   *
   * @throws IllegalStateException when the job was run without keeping them
   */
  public Dataset<Row> outcomes() {
    if (outcomes == null) throw new IllegalStateException("the outcomes of job " + jobId + " were not kept");
    return outcomes;
  }
}
