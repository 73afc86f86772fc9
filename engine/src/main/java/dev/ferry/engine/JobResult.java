package dev.ferry.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.exec.DiffOutcome;
import dev.ferry.engine.exec.FileOutcome;
import dev.ferry.engine.exec.OutcomeLog;
import dev.ferry.engine.plan.CopyPlan;
import dev.ferry.engine.plan.DiffPlan;
import dev.ferry.engine.spec.Operation;
import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.StoreLocation;
import java.io.IOException;
import org.slf4j.LoggerFactory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
  private final StoreLocation outcomeDir;
  private final boolean outcomesAreStaging;
  private final boolean ignoreFailures;
  private final CopyPlan plan;
  private final DiffPlan diffPlan;
  private final List<DiffOutcome> differences;
  private final SparkSession spark;

  JobResult(String jobId, Operation operation, StoreLocation source, StoreLocation destination, Instant start,
            Instant end, Map<Counter, Long> counters, List<FileOutcome> failures, StoreLocation outcomeDir,
            boolean outcomesAreStaging, boolean ignoreFailures, CopyPlan plan, SparkSession spark) {
    this(jobId, operation, source, destination, start, end, counters, failures, outcomeDir, outcomesAreStaging,
        ignoreFailures, plan, null, List.of(), spark);
  }

  JobResult(String jobId, Operation operation, StoreLocation source, StoreLocation destination, Instant start,
            Instant end, Map<Counter, Long> counters, List<FileOutcome> failures, StoreLocation outcomeDir,
            boolean outcomesAreStaging, boolean ignoreFailures, CopyPlan plan, DiffPlan diffPlan,
            List<DiffOutcome> differences, SparkSession spark) {
    this.jobId = jobId;
    this.operation = operation;
    this.source = source;
    this.destination = destination;
    this.start = start;
    this.end = end;
    this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    this.failures = List.copyOf(failures);
    this.outcomeDir = outcomeDir;
    this.outcomesAreStaging = outcomesAreStaging;
    this.ignoreFailures = ignoreFailures;
    this.plan = plan;
    this.diffPlan = diffPlan;
    this.differences = List.copyOf(differences);
    this.spark = spark;
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
  /** Where the per-file outcome lines are. */
  public String outcomeLocation() { return outcomeDir.toString(); }
  public boolean outcomesAreStaging() { return outcomesAreStaging; }

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

  /** Deletes the staging directory of the outcome lines (when no log directory was asked for). */
  public void discardOutcomes() {
    if (!outcomesAreStaging) return;
    try (Store store = outcomeDir.open(spark.sparkContext().hadoopConfiguration())) {
      store.deleteRecursively(outcomeDir.path());
    } catch (IOException e) {
      LoggerFactory.getLogger(JobResult.class).warn("Could not remove {}: {}", outcomeDir, e.toString());
    }
  }

  /**
   * Per-file outcomes with the columns of {@link #OUTCOME_SCHEMA} (copy, update: every file) or
   * {@link #DIFF_SCHEMA} (diff: differing and failed paths), read lazily from the outcome lines the
   * executors wrote.
   */
  public Dataset<Row> outcomes() {
    StructType schema = operation == Operation.DIFF ? DIFF_SCHEMA : OUTCOME_SCHEMA;
    boolean none = operation == Operation.DIFF ? diffPlan == null || diffPlan.batches().isEmpty()
        : plan == null || plan.batches().isEmpty();
    if (none || dryRun()) return spark.createDataFrame(Collections.emptyList(), schema);
    return spark.read().schema(schema).json(OutcomeLog.partGlob(outcomeDir, jobId));
  }
}
