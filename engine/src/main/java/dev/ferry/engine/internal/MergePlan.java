package dev.ferry.engine.internal;

import static org.apache.spark.sql.functions.col;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.internal.exec.MergeTask;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.TaskRow;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.exec.WorkRows;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.PartedFile;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.Codecs;
import dev.ferry.engine.internal.spec.Merge;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * --groupBy/--targetSize: the source listing is split by executors into files that match the
 * regex (keyed by its capture groups) and the rest; the rest is planned as any copy, the matched
 * files are grouped by key (a shuffle), ordered by path and packed into merged files of at most
 * the target size, which merge tasks write after the copy.
 */
final class MergePlan {
  private static final Logger LOG = LoggerFactory.getLogger(MergePlan.class);
  private static final StructType KEYED = WorkRows.LISTING.add("key", DataTypes.StringType);
  private static final StructType OUTPUTS = new StructType()
      .add("output", DataTypes.StringType)
      .add("sources", DataTypes.createArrayType(DataTypes.StringType))
      .add("lengths", DataTypes.createArrayType(DataTypes.LongType));

  private MergePlan() {
  }

  static CopyWork plan(JobContext ctx, StagingArea staging) throws IOException {
    ResolvedJob job = ctx.job();
    boolean update = job.operation() == dev.ferry.engine.Operation.UPDATE;
    Dataset<Row> s;
    Dataset<Row> d = null;
    Dataset<String> done = ManifestFiles.readsPrevious(ctx) ? ManifestFiles.paths(ctx) : null;
    StagingArea.Listing listing = staging.newListing();
    long budget = DistributedPlan.localMax(ctx.conf());
    TreeLister.Walked src = Listings.walk(job.source(), job, ctx.conf(), true, budget);
    s = DistributedPlan.listing(ctx, job.source(), src, false, listing.source());
    if (update) {
      TreeLister.Walked dst = Listings.walk(job.destination(), job, ctx.conf(), false, budget);
      d = DistributedPlan.listing(ctx, job.destination(), dst, true, listing.destination());
    }
    staging.listingComplete(listing, update);
    if (done != null) {
      s = ManifestFiles.withoutListed(s, done, true, ctx.partitions());
      if (d != null) d = ManifestFiles.withoutListed(d, done, false, ctx.partitions());
    }
    Merge merge = ctx.spec().merge();
    Codecs codecs = job.options().codecs();
    String extension = "";
    if (codecs != null && codecs.target(ctx.conf()) != null) extension = codecs.target(ctx.conf()).getDefaultExtension();
    Dataset<Row> keyed = s.mapPartitions(new Keys(merge.groupBy(), job.source().toString()), Encoders.row(KEYED))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try (JobGroup group = JobGroup.enter(ctx.sc(), ctx.spec())) {
      Dataset<Row> rest = keyed.filter(col("key").isNull()).drop("key");
      CopyWork plain = DistributedPlan.copy(ctx, rest, d);
      // one shuffle: each key's files land in one partition, next to each other
      Dataset<Row> outputs = keyed.filter(col("key").isNotNull()).repartition(ctx.partitions(), col("key"))
          .sortWithinPartitions("key").mapPartitions(new PackSorted(merge.targetSize(), extension), Encoders.row(OUTPUTS))
          .persist(StorageLevel.MEMORY_AND_DISK());
      long[] totals = {0, 0, 0};
      for (Row r : outputs.selectExpr("count(1)", "sum(size(sources))", "sum(aggregate(lengths, 0L, (a, x) -> a + x))")
          .collectAsList()) {
        totals[0] = r.getLong(0);
        totals[1] = r.isNullAt(1) ? 0 : r.getLong(1);
        totals[2] = r.isNullAt(2) ? 0 : r.getLong(2);
      }
      LOG.info("--groupBy {}: {} files ({} bytes) merge into {} files", merge.groupBy(), totals[1], totals[2], totals[0]);
      return new Merging(plain, outputs, keyed, totals[0], totals[1], totals[2]);
    } catch (RuntimeException e) {
      keyed.unpersist(false);
      throw new JobAbortedException("Cannot plan the merge of " + job.source() + ": " + CopyJob.rootMessage(e)
          + "; nothing was written to the destination", e);
    }
  }

  /** Adds to each listing row the merge key of a file that matches the regex (null otherwise). */
  static final class Keys implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String regex;
    private final String sourceUri;

    Keys(String regex, String sourceUri) {
      this.regex = regex;
      this.sourceUri = sourceUri;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Pattern p = Pattern.compile(regex);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          String key = null;
          if (ListedEntry.Kind.of(r.getString(1).charAt(0)) == ListedEntry.Kind.FILE) {
            key = key(p, sourceName(r), sourceUri);
          }
          return RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(3), key);
        }
      };
    }
  }

  /** A listed file's path at the source (--codec lists it under its destination name, the source's in the note). */
  static String sourceName(Row r) {
    String note = r.isNullAt(3) ? null : r.getString(3);
    return ListedEntry.etag(note) != null ? r.getString(0) : Listings.sourceRel(r.getString(0), note, true);
  }

  /** The joined capture groups of the first match (the relative path, else the whole URI); null when none. */
  static String key(Pattern p, String rel, String sourceUri) {
    Matcher m = p.matcher(rel);
    if (!m.matches()) {
      m = p.matcher(Store.join(sourceUri, rel));
      if (!m.matches()) return null;
    }
    StringBuilder key = new StringBuilder();
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) key.append(m.group(g));
    }
    String k = key.toString().replaceAll("^/+", "");
    return k.isEmpty() || k.equals(".") || k.equals("..") || k.contains("/../") ? null : k;
  }

  /**
   * One group's files, in the order of their paths, packed into merged files of at most
   * {@code targetSize} bytes: {@code <key><ext>} when one is enough, else {@code <key>-00000<ext>},
   * {@code <key>-00001<ext>}, ...
   */
  static final class Pack implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final long targetSize;
    private final String extension;

    Pack(long targetSize, String extension) {
      this.targetSize = targetSize;
      this.extension = extension;
    }

    Iterator<Row> call(String key, Iterator<Row> rows) {
      List<String[]> files = new ArrayList<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        files.add(new String[] {sourceName(r), String.valueOf(r.getLong(2))});
      }
      files.sort((a, b) -> a[0].compareTo(b[0]));
      List<List<String[]>> chunks = new ArrayList<>();
      List<String[]> current = new ArrayList<>();
      long size = 0;
      for (String[] f : files) {
        long len = Long.parseLong(f[1]);
        if (!current.isEmpty() && targetSize > 0 && size + len > targetSize) {
          chunks.add(current);
          current = new ArrayList<>();
          size = 0;
        }
        current.add(f);
        size += len;
      }
      if (!current.isEmpty()) chunks.add(current);
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        String name = chunks.size() == 1 ? key + extension : String.format("%s-%05d%s", key, i, extension);
        List<String> sources = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        for (String[] f : chunks.get(i)) {
          sources.add(f[0]);
          lengths.add(Long.parseLong(f[1]));
        }
        out.add(RowFactory.create(name, sources.toArray(new String[0]), lengths.toArray(new Long[0])));
      }
      return out.iterator();
    }
  }

  /** {@link Pack} over a partition sorted by key: one group after the other. */
  static final class PackSorted implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Pack pack;

    PackSorted(long targetSize, String extension) {
      this.pack = new Pack(targetSize, extension);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      List<Row> out = new ArrayList<>();
      List<Row> group = new ArrayList<>();
      String key = null;
      while (rows.hasNext()) {
        Row r = rows.next();
        if (key != null && !key.equals(r.getString(4))) {
          pack.call(key, group.iterator()).forEachRemaining(out::add);
          group = new ArrayList<>();
        }
        key = r.getString(4);
        group.add(r);
      }
      if (key != null) pack.call(key, group.iterator()).forEachRemaining(out::add);
      return out.iterator();
    }
  }

  /** The plain copy of the files that match nothing, then the merges. */
  private record Merging(CopyWork plain, Dataset<Row> outputs, Dataset<Row> keyed, long mergedOutputs,
                         long mergedFiles, long mergedBytes) implements CopyWork {
    @Override
    public CopyAction.Plan totals() {
      CopyAction.Plan p = plain.totals();
      return new CopyAction.Plan(p.files() + mergedFiles, p.bytes() + mergedBytes, p.filesToCopy() + mergedFiles,
          p.bytesToCopy() + mergedBytes, p.filesToCompare(), p.filesToSkip(), p.directoriesToCreate(), p.partedFiles(),
          p.parts(), p.partitions(), p.filesToDelete(), p.directoriesToDelete());
    }

    @Override
    public List<PartedFile> partedFiles() {
      return plain.partedFiles();
    }

    @Override
    public int driverPartition() {
      return plain.driverPartition();
    }

    @Override
    public List<WorkItem> deletions(JobContext ctx) {
      return plain.deletions(ctx);
    }

    @Override
    public void makeFolders(JobContext ctx) {
      plain.makeFolders(ctx);
    }

    @Override
    public SparkStage.StageResult<TaskRow> run(JobContext ctx, List<PartTarget> targets) {
      SparkStage.StageResult<TaskRow> first = plain.run(ctx, targets);
      if (mergedOutputs == 0) return first;
      ResolvedJob job = ctx.job();
      var sink = ctx.counters().sink();
      int partitions = (int) Math.max(1, Math.min(mergedOutputs, ctx.partitions()));
      JavaRDD<MergeTask.Item> items = outputs.repartition(partitions).javaRDD().map(r -> new MergeTask.Item(
          r.getString(0), r.getList(1), r.getList(2)));
      SparkStage.StageResult<TaskRow> merged = SparkStage.run(ctx, items, bc -> new MergeTask(job, bc, sink),
          mergedFiles, mergedBytes);
      List<TaskRow> rows = new ArrayList<>(first.rows());
      rows.addAll(merged.rows());
      return new SparkStage.StageResult<>(rows, first.failedAttempts() + merged.failedAttempts());
    }

    @Override
    public void sweep(JobContext ctx) {
      plain.sweep(ctx);
    }

    @Override
    public void close() {
      plain.close();
      outputs.unpersist(false);
      keyed.unpersist(false);
    }
  }
}
