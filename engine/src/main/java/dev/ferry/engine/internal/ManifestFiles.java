package dev.ferry.engine.internal;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ferry.engine.CopyOutcome;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.exec.OutcomeLog;
import dev.ferry.engine.internal.exec.PathListingFunction;
import dev.ferry.engine.internal.exec.SerializableConfiguration;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.Manifests;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.CopyRecord;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manifests: reading an earlier run's ({@code --previousManifest}, {@code --copyFromManifest}) and
 * writing this run's ({@code --outputManifest}), both by executors, so that a manifest of millions
 * of files never sits on the driver. One JSON line per file copied:
 * {@code {"path":"dt=1/a.csv","size":123,"modificationTime":1764400000000,"crc32c":"8a9b0c1d"}}.
 */
final class ManifestFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestFiles.class);
  static final StructType SCHEMA = new StructType()
      .add("path", DataTypes.StringType)
      .add("baseName", DataTypes.StringType)
      .add("srcDir", DataTypes.StringType)
      .add("size", DataTypes.LongType)
      .add("modificationTime", DataTypes.LongType)
      .add("crc32c", DataTypes.StringType)
      .add("mergedInto", DataTypes.StringType);

  private static final String MERGED = "merged into ";

  private ManifestFiles() {
  }

  /** Whether the job reads a previous manifest that exists (a missing, optional one is ignored). */
  static boolean readsPrevious(JobContext ctx) {
    Manifests m = ctx.spec().manifests();
    if (m.previous() == null) return false;
    try {
      StoreLocation loc = StoreLocation.resolve(m.previous(), ctx.conf());
      try (Store store = loc.open(ctx.conf())) {
        return store.stat(loc.path()) != null;
      }
    } catch (IOException e) {
      throw new JobAbortedException("Cannot read --previousManifest " + m.previous() + ": " + e.getMessage()
          + "; nothing was written", e);
    }
  }

  /** The relative paths an earlier run's manifest lists (read by executors). */
  static Dataset<String> paths(JobContext ctx) {
    String uri = ctx.spec().manifests().previous();
    return ctx.spark().read().schema(SCHEMA).json(uri).select(relative().as("rel")).filter(col("rel").isNotNull())
        .as(Encoders.STRING());
  }

  /**
   * A manifest line's path relative to the destination: Ferry's {@code path}, or the
   * {@code baseName} of S3DistCp's and JindoDistCp 3.x's manifests (whose {@code path} is a full
   * URI under {@code srcDir}).
   */
  private static org.apache.spark.sql.Column relative() {
    org.apache.spark.sql.Column fromUri = org.apache.spark.sql.functions.when(col("srcDir").isNotNull()
        .and(col("path").startsWith(col("srcDir"))), org.apache.spark.sql.functions.expr(
        "ltrim('/', substring(path, length(srcDir) + 1))")).otherwise(col("path"));
    return org.apache.spark.sql.functions.coalesce(col("baseName"), fromUri);
  }

  /**
   * Plans a copy with a previous manifest: with --copyFromManifest only its files are looked up at
   * the source (and, for an update, at the destination), nothing is listed; otherwise both trees are
   * listed as usual and the manifest's files left out of both.
   */
  static CopyWork plan(JobContext ctx, StagingArea staging, boolean update) throws IOException {
    ResolvedJob job = ctx.job();
    Dataset<String> listed = paths(ctx);
    StagingArea.Listing listing = staging.newListing();
    if (ctx.spec().manifests().copyFrom()) {
      Dataset<String> named = listed.map((MapFunction<String, String>) PathListingFunction::entry, Encoders.STRING());
      Dataset<Row> s = DistributedPlan.pathListing(ctx, job.source(), named, false,
          "listed in --previousManifest, missing at the source", listing.source());
      Dataset<Row> d = update ? DistributedPlan.pathListing(ctx, job.destination(), named, true, null,
          listing.destination()) : null;
      staging.listingComplete(listing, update);
      return DistributedPlan.copy(ctx, s, d);
    }
    long budget = DistributedPlan.localMax(ctx.conf());
    TreeLister.Walked src = dev.ferry.engine.internal.plan.Listings.walk(job.source(), job, ctx.conf(), true, budget);
    Dataset<Row> s = DistributedPlan.listing(ctx, job.source(), src, false, listing.source());
    Dataset<Row> d = null;
    if (update) {
      TreeLister.Walked dst = dev.ferry.engine.internal.plan.Listings.walk(job.destination(), job, ctx.conf(), false,
          budget);
      d = DistributedPlan.listing(ctx, job.destination(), dst, true, listing.destination());
    }
    staging.listingComplete(listing, update);
    s = withoutListed(s, listed, true, ctx.partitions());
    if (d != null) d = withoutListed(d, listed, false, ctx.partitions());
    return DistributedPlan.copy(ctx, s, d);
  }

  /**
   * The listing rows whose file a manifest lists, left out: by the path, and for a source file that
   * --codec renames, also by its source name (the note), which is how merged files are listed.
   */
  static Dataset<Row> withoutListed(Dataset<Row> rows, Dataset<String> listed, boolean source, int partitions) {
    // both sides hash-partitioned alike on the joined columns: no further shuffle for the join
    Dataset<Row> done = listed.toDF("done").repartition(partitions, col("done")).distinct();
    Dataset<Row> byPath = rows.repartition(partitions, col("p"));
    Dataset<Row> out = byPath.join(done, byPath.col("p").equalTo(done.col("done")), "left_anti");
    if (!source) return out;
    org.apache.spark.sql.Column named = org.apache.spark.sql.functions.when(col("k").equalTo(
        String.valueOf(dev.ferry.engine.internal.plan.ListedEntry.Kind.FILE.code())).and(col("n").isNotNull()),
        col("n")).otherwise(col("p"));
    Dataset<Row> withName = out.withColumn("q", named).repartition(partitions, col("q"));
    return withName.join(done, withName.col("q").equalTo(done.col("done")), "left_anti").drop("q");
  }

  /**
   * Writes {@code --outputManifest} into the destination folder: the files this run copied, looked
   * up at the destination by executors (size, modification time, the checksum recorded with the
   * copy), gzip JSON lines written by one task under a temporary name, then renamed.
   */
  static void write(JobContext ctx) {
    String name = ctx.spec().manifests().output();
    ResolvedJob job = ctx.job();
    StoreLocation dst = job.destination();
    String tmp = Store.join(dst.path(), TemporaryNames.filePrefix(job.jobId(), 0) + "0.tmp");
    String target = Store.join(dst.path(), name);
    Broadcast<SerializableConfiguration> bc = SparkStage.broadcast(ctx);
    long t0 = System.nanoTime();
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      Dataset<Row> copied = copiedFiles(ctx);
      Dataset<String> lines = copied.mapPartitions(new Lines(dst, bc), Encoders.STRING());
      if (readsPrevious(ctx)) {
        // the previous manifest's files too (but for those copied again now), so that each run's
        // manifest serves as the next run's --previousManifest (as S3DistCp's do)
        Dataset<Row> before = ctx.spark().read().schema(SCHEMA).json(ctx.spec().manifests().previous())
            .select(relative().as("k"), org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(
                col("*"))).as("line"));
        Dataset<Row> now = copied.select(col("path").as("k2"));
        lines = before.join(now, before.col("k").equalTo(now.col("k2")), "left_anti").select("line")
            .as(Encoders.STRING()).union(lines);
      }
      // the lookups run in parallel; one task writes the file
      lines.repartition(1).foreachPartition(new Writer1(dst, tmp, bc));
      try (Store store = dst.open(ctx.conf())) {
        if (store.stat(tmp) == null) writeEmpty(store, tmp);
        store.replace(tmp, target);
      }
      LOG.info("Wrote the manifest {} in {} ms", Store.join(dst.toString(), name), (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      try (Store store = dst.open(ctx.conf())) {
        store.delete(tmp);
      } catch (IOException | RuntimeException ignored) {
        // the next run sweeps it
      }
      throw new JobAbortedException("The files were copied, but the manifest " + Store.join(dst.toString(), name)
          + " could not be written: " + CopyJob.rootMessage(e) + "; run the copy again with --update to write it", e);
    } finally {
      bc.unpersist(false);
    }
  }

  /** The files this run copied (path, reason, bytes), from its outcome log. */
  private static Dataset<Row> copiedFiles(JobContext ctx) {
    ResolvedJob job = ctx.job();
    if (!OutcomeReader.hasParts(job, ctx.conf())) {
      return ctx.spark().createDataFrame(java.util.List.of(), OutcomeReader.COPY_SCHEMA).select("path", "reason", "bytes");
    }
    Dataset<Row> outcomes = ctx.spark().read().schema(OutcomeReader.COPY_SCHEMA)
        .json(OutcomeLog.partGlob(job.outcomeDir(), job.jobId()));
    return outcomes.filter(col("action").equalTo(CopyOutcome.COPY).and(col("status").equalTo(CopyOutcome.OK)))
        .select("path", "reason", "bytes");
  }

  private static void writeEmpty(Store store, String path) throws IOException {
    try (OutputStream out = new GZIPOutputStream(store.create(path))) {
      out.flush();
    }
  }

  /** A copied file's manifest line, from what the destination holds. */
  private static final class Lines implements org.apache.spark.api.java.function.MapPartitionsFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectWriter JSON = new ObjectMapper().writer();
    private final StoreLocation dst;
    private final Broadcast<SerializableConfiguration> conf;

    Lines(StoreLocation dst, Broadcast<SerializableConfiguration> conf) {
      this.dst = dst;
      this.conf = conf;
    }

    @Override
    public Iterator<String> call(Iterator<Row> rows) throws IOException {
      List<String> out = new java.util.ArrayList<>();
      try (Store store = dst.open(conf.value().get())) {
        while (rows.hasNext()) {
          Row row = rows.next();
          String rel = row.getString(0);
          String reason = row.isNullAt(1) ? "" : row.getString(1);
          if (reason.startsWith(MERGED)) { // a source file merged into another (--groupBy): listed by its own path
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", rel);
            m.put("baseName", rel);
            m.put("size", row.isNullAt(2) ? 0L : row.getLong(2));
            m.put("mergedInto", reason.substring(MERGED.length()));
            out.add(JSON.writeValueAsString(m));
            continue;
          }
          String abs = rel.isEmpty() ? dst.path() : Store.join(dst.path(), rel);
          StoreEntry e = store.stat(abs);
          if (e == null || e.directory()) continue; // replaced or removed since: not this run's copy any more
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("path", rel);
          m.put("baseName", rel); // the key of S3DistCp's and JindoDistCp's manifest readers
          m.put("srcDir", dst.toString());
          m.put("size", e.length());
          m.put("modificationTime", e.modificationTime());
          CopyRecord r = null;
          try {
            r = store.recorded(abs);
          } catch (IOException | RuntimeException ignored) {
            // no record: the line has no checksum
          }
          if (r != null && r.crc32c() >= 0 && r.sourceLength() == e.length()) {
            m.put("crc32c", String.format("%08x", r.crc32c()));
          }
          out.add(JSON.writeValueAsString(m));
        }
      }
      return out.iterator();
    }
  }

  /** Writes the one partition of manifest lines as a gzip file. */
  private static final class Writer1 implements org.apache.spark.api.java.function.ForeachPartitionFunction<String> {
    private static final long serialVersionUID = 1L;
    private final StoreLocation dst;
    private final String path;
    private final Broadcast<SerializableConfiguration> conf;

    Writer1(StoreLocation dst, String path, Broadcast<SerializableConfiguration> conf) {
      this.dst = dst;
      this.path = path;
      this.conf = conf;
    }

    @Override
    public void call(Iterator<String> lines) throws IOException {
      try (Store store = dst.open(conf.value().get());
           Writer w = new OutputStreamWriter(new GZIPOutputStream(store.create(path), 1 << 16), StandardCharsets.UTF_8)) {
        while (lines.hasNext()) {
          w.write(lines.next());
          w.write('\n');
        }
      }
    }
  }
}
