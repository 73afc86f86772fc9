package dev.ferry.engine.internal.spec;

import dev.ferry.engine.Operation;
import dev.ferry.engine.CommitMode;
import dev.ferry.engine.JobSpecException;

import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import dev.ferry.engine.internal.store.TemporaryNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * The one place where a job spec is checked against the filesystems before anything is written.
 * Every failure is a {@link JobSpecException} naming the flag or path and the fix.
 */
public final class JobResolver {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobResolver.class);
  private JobResolver() {
  }

  public static ResolvedJob resolve(JobSpec spec, Configuration conf) {
    StoreLocation src = location("--src", spec.source(), conf);
    StoreLocation dst = location("--dest", spec.destination(), conf);
    StoreEntry srcEntry = stat("--src", src, conf);
    if (srcEntry == null) {
      throw new JobSpecException("Cannot read --src " + src + ": it does not exist; check the path");
    }
    if (srcEntry.special()) {
      throw new JobSpecException("Cannot read --src " + src + ": it is not a regular file or a directory (a named "
          + "pipe, socket or device); give a file or a directory");
    }
    checkFerryKeys(spec, conf);
    if (spec.snapshotDiff() != null) {
      src = snapshotSource(spec, src, srcEntry, conf);
    }
    checkManifests(spec, srcEntry, conf);
    StoreEntry dstEntry = stat("--dest", dst, conf);
    if (!srcEntry.directory() && ((dstEntry != null && dstEntry.directory()) || spec.destination().endsWith("/"))) {
      // a single file into a directory (JindoDistCp's "specify a directory as the destination"): it keeps its name
      dst = new StoreLocation(dst.scheme(), dst.authority(), Store.join(dst.path(), Store.name(src.path())));
      dstEntry = stat("--dest", dst, conf);
    }
    if (spec.operation() != Operation.DIFF) {
      refuseOverlap(src, dst, conf);
      if (!srcEntry.directory() && dstEntry != null && dstEntry.directory()) {
        throw new JobSpecException("Cannot copy file --src " + src + " onto directory --dest " + dst
            + ": a directory of the file's name is in the way; remove it or give another destination");
      }
      if (srcEntry.directory() && dstEntry != null && !dstEntry.directory()) {
        throw new JobSpecException("Cannot copy directory --src " + src + " into --dest " + dst
            + ": the destination is a file; choose a directory path");
      }
    }
    List<String> excludes = new ArrayList<>(spec.excludePatterns());
    for (String regex : spec.excludePatterns()) compile("an exclude pattern", regex);
    if (spec.filtersFile() != null) excludes.addAll(readFilters(spec.filtersFile(), conf));
    List<String> prefixes = new ArrayList<>();
    List<String> includes = new ArrayList<>();
    if (spec.srcPrefixesFile() != null) readPrefixes(spec.srcPrefixesFile(), src, conf, prefixes, includes);
    for (String p : spec.srcPrefixes()) {
      prefixes.add(p.startsWith("/") || p.contains("://") ? relativePrefix(location("a source prefix", p, conf), src, p) : p);
    }
    for (String regex : spec.includePatterns()) compile("--srcPattern", regex);

    StoreLocation stagingDir = location("the staging directory", Store.join(stagingBase(spec), spec.jobId()), conf);
    boolean staging = spec.logDir() == null;
    StoreLocation outcomes = staging ? stagingDir : location("--log", spec.logDir(), conf);
    if (!staging) checkLogDirectory(outcomes, src, dst, conf);
    // only on object stores is a file invisible until its upload completes; elsewhere a direct
    // write would show a partial file under its final name, so files go through temporaries
    boolean direct = spec.commitMode() != CommitMode.RENAME && dst.isObjectStore() && !spec.transaction();
    if (spec.commitMode() == CommitMode.DIRECT && !direct && !spec.transaction()) {
      LOG.warn("--commitMode DIRECT: {} shows files while they are written, so Ferry writes them under temporary "
          + "names and renames them when complete", dst.scheme() + "://");
    }
    boolean writes = spec.operation() != Operation.DIFF && !spec.dryRun();
    Codecs codecs = Codecs.of(spec.codec(), conf);
    String storageClass = spec.storageClass() == null || spec.operation() == Operation.DIFF ? null
        : storageClass(spec.storageClass(), dst);
    StoreLocation txn = spec.transaction() ? transactionDir(spec, src, dst, dstEntry, !srcEntry.directory(), conf) : null;
    if (spec.preserveMeta() && spec.operation() == Operation.DIFF) {
      throw new JobSpecException("Cannot use --preserveMeta with --diff: Ferry's diff compares contents only; "
          + "run the diff without --preserveMeta");
    }
    ResolvedJob.Options options = new ResolvedJob.Options(List.copyOf(includes), List.copyOf(spec.includePatterns()),
        codecs, storageClass, spec.deleteOnSuccess() && writes, spec.preserveMeta(), spec.syncSourceDelete(),
        spec.maxDeletes(), txn, spec.jobBatch(), spec.taskBatch(), spec.trustModificationTime());
    return new ResolvedJob(spec.jobId(), spec.operation(), src, dst, !srcEntry.directory(), dstEntry != null,
        List.copyOf(excludes), List.copyOf(prefixes), stagingDir, outcomes, staging, direct, spec.disableChecksum(),
        spec.taskThreads(), spec.bandwidthMBps(), false, options);
  }

  /**
   * --snapshotDiff FROM TO: the source must be an HDFS directory with both snapshots; the job then
   * reads from snapshot TO ({@code <src>/.snapshot/<TO>}), never from the live tree.
   */
  private static StoreLocation snapshotSource(JobSpec spec, StoreLocation src, StoreEntry srcEntry, Configuration conf) {
    SnapshotDiff sd = spec.snapshotDiff();
    if (!src.scheme().equals("hdfs")) {
      throw new JobSpecException("Cannot use --snapshotDiff with --src " + src + ": snapshots are HDFS's; give an "
          + "hdfs:// source (any destination store works)");
    }
    if (!srcEntry.directory()) {
      throw new JobSpecException("Cannot use --snapshotDiff with --src " + src + ": it is a file; give the "
          + "snapshottable directory");
    }
    for (String name : List.of(sd.from(), sd.to())) {
      StoreLocation snap = new StoreLocation(src.scheme(), src.authority(), Store.join(src.path(), ".snapshot/" + name));
      StoreEntry e;
      try (Store store = snap.open(conf)) {
        e = store.stat(snap.path());
      } catch (IOException ex) {
        e = null;
      }
      if (e == null || !e.directory()) {
        throw new JobSpecException("Cannot use --snapshotDiff " + sd.from() + " " + sd.to() + ": " + src
            + " has no snapshot " + name + " (or is not snapshottable); list its snapshots with 'hdfs dfs -ls "
            + src + "/.snapshot'");
      }
    }
    return new StoreLocation(src.scheme(), src.authority(), Store.join(src.path(), ".snapshot/" + sd.to()));
  }

  /** Manifests need a source folder; a previous manifest must exist unless --requirePreviousManifest=false. */
  private static void checkManifests(JobSpec spec, StoreEntry srcEntry, Configuration conf) {
    Manifests m = spec.manifests();
    if (m.output() == null && m.previous() == null) return;
    if (!srcEntry.directory()) {
      throw new JobSpecException("Cannot use --outputManifest or --previousManifest with a single-file --src: "
          + "manifests list the files of a folder; give the folder");
    }
    if (m.previous() == null) return;
    StoreLocation loc = location("--previousManifest", m.previous(), conf);
    StoreEntry e = stat("--previousManifest", loc, conf);
    if (e != null && e.directory()) {
      throw new JobSpecException("Cannot read --previousManifest " + loc + ": it is a directory; give the manifest "
          + "file an earlier run wrote with --outputManifest");
    }
    if (e == null && (m.requirePrevious() || m.copyFrom())) {
      throw new JobSpecException("Cannot read --previousManifest " + loc + ": it does not exist; give the manifest "
          + "an earlier run wrote with --outputManifest" + (m.copyFrom() ? "" : ", or add --requirePreviousManifest=false "
          + "to copy as if there were none"));
    }
    if (e == null) LOG.warn("--previousManifest {} does not exist: copying as if none was given", loc);
  }

  /** The folder job staging folders go in: {@code <--tmp or /tmp>/ferry-<user>}. */
  static String stagingBase(JobSpec spec) {
    String root = spec.stagingRoot() == null ? "/tmp" : spec.stagingRoot();
    return Store.join(root, "ferry-" + System.getProperty("user.name", "user"));
  }

  /** The store's name of a --policy class; only object stores have classes. */
  private static String storageClass(String value, StoreLocation dst) {
    return switch (dst.scheme()) {
      case "s3a", "s3", "s3n" -> StorageClasses.forS3(value);
      case "oss" -> StorageClasses.forOss(value);
      default -> throw new JobSpecException("Cannot use --policy " + value + " with --dest " + dst + ": "
          + dst.scheme() + ":// has no storage classes (they are classes of objects on oss:// and s3a://)"
          + (dst.scheme().equals("hdfs") ? "; on HDFS set a storage policy on the destination folder instead "
              + "(hdfs storagepolicies -setStoragePolicy -path DIR -policy COLD)" : "") + "; drop --policy");
    };
  }

  /**
   * Where a transaction stages its files: in {@code --tmp} when that is on the destination's
   * filesystem, else inside an existing destination folder, else beside the destination (whose
   * publication is then one rename of the whole folder).
   */
  private static StoreLocation transactionDir(JobSpec spec, StoreLocation src, StoreLocation dst, StoreEntry dstEntry,
                                              boolean sourceIsFile, Configuration conf) {
    String name = TemporaryNames.transactionFolder(spec.jobId());
    if (spec.stagingRoot() != null) {
      StoreLocation tmp = location("--tmp", spec.stagingRoot(), conf);
      if (tmp.scheme().equals(dst.scheme()) && java.util.Objects.equals(tmp.authority(), dst.authority())) {
        return new StoreLocation(dst.scheme(), dst.authority(), Store.join(stagingBase(spec), name));
      }
    }
    boolean inside = dstEntry != null && dstEntry.directory() && !sourceIsFile;
    String parent = inside ? dst.path() : Store.parent(dst.path());
    return new StoreLocation(dst.scheme(), dst.authority(), Store.join(parent, name));
  }

  /** Ferry's own Hadoop keys, each with the form its value must have. */
  private static final java.util.Map<String, String> FERRY_KEYS = java.util.Map.of(
      "ferry.copy.part.threshold", "size", "ferry.copy.part.size", "size", "ferry.listing.threads", "count",
      "ferry.staging.grace", "duration", "ferry.balance.lock.lease", "duration", "ferry.plan.local.max", "count",
      "ferry.listing.reuse", "duration0", "ferry.oss.copy.limit", "size");

  /** A bad value of one of Ferry's keys is bad input, named before anything starts. */
  private static void checkFerryKeys(JobSpec spec, Configuration conf) {
    for (String key : spec.hadoopConf().keySet()) {
      if (key.startsWith("ferry.") && !FERRY_KEYS.containsKey(key)) {
        throw new JobSpecException("Cannot use --hadoopConf " + key + ": Ferry has no such key; its keys are "
            + String.join(", ", new java.util.TreeSet<>(FERRY_KEYS.keySet())));
      }
    }
    FERRY_KEYS.forEach((key, form) -> {
      String value = conf.get(key);
      if (value == null) return;
      try {
        long v = switch (form) {
          case "size" -> conf.getLongBytes(key, 0);
          case "count" -> conf.getLong(key, 0);
          case "duration0" -> conf.getTimeDuration(key, 0, java.util.concurrent.TimeUnit.MILLISECONDS) + 1;
          default -> conf.getTimeDuration(key, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        };
        if (v <= 0) throw new IllegalArgumentException("not positive");
      } catch (IllegalArgumentException e) { // NumberFormatException, or Hadoop's "Invalid size prefix"
        String example = switch (form) {
          case "size" -> "a size such as 128m or 1g";
          case "count" -> "a positive whole number";
          case "duration0" -> "a duration such as 6h, or 0";
          default -> "a duration such as 10m or 90s";
        };
        throw new JobSpecException("Cannot use " + key + "=" + value + ": it is not " + example + "; fix the value "
            + "given with --hadoopConf or in the Hadoop configuration");
      }
    });
  }

  /** Refuses a source and a destination of which one is the other or lies inside it, however spelled. */
  private static void refuseOverlap(StoreLocation src, StoreLocation dst, Configuration conf) {
    String overlap = overlap(src, dst, conf);
    if (overlap != null) throw new JobSpecException("Cannot copy --src " + src + " to --dest " + dst + ": " + overlap);
  }

  /**
   * How a source and a destination overlap (one is the other or lies inside it, with links and
   * addresses resolved), as the reason of a message; null when they do not.
   */
  public static String overlap(StoreLocation src, StoreLocation dst, Configuration conf) {
    String a = canonical("--src", src, conf);
    String b = canonical("--dest", dst, conf);
    if (a.equals(b)) return "they are the same place (" + a + "); choose another destination";
    if (within(b, a)) {
      return "the destination lies inside the source (" + b + "); choose a destination outside the source";
    }
    if (within(a, b)) {
      return "the source lies inside the destination (" + a + "), so the copy would overwrite it; "
          + "choose a destination that does not hold the source";
    }
    return null;
  }

  private static boolean within(String inner, String outer) {
    return inner.startsWith(outer.endsWith("/") ? outer : outer + "/");
  }

  /**
   * The canonical name of a place that may not exist yet: its nearest existing ancestor with links
   * resolved, and the rest of the path as given.
   */
  static String canonical(String flag, StoreLocation loc, Configuration conf) {
    boolean links = loc.isLocal() || List.of("hdfs", "viewfs", "webhdfs").contains(loc.scheme());
    try (Store store = loc.open(conf)) {
      String path = loc.path();
      String rest = "";
      while (links && !path.equals("/") && store.stat(path) == null) {
        rest = rest.isEmpty() ? Store.name(path) : Store.name(path) + "/" + rest;
        path = Store.parent(path);
      }
      String name = store.canonicalName(path);
      return rest.isEmpty() ? name : Store.join(name, rest);
    } catch (IOException e) {
      throw new JobSpecException("Cannot read " + flag + " " + loc + ": " + oneLine(e)
          + "; check that the filesystem is reachable and readable");
    }
  }

  private static void checkLogDirectory(StoreLocation log, StoreLocation src, StoreLocation dst, Configuration conf) {
    StoreEntry e = stat("--log", log, conf);
    if (e != null && !e.directory()) {
      throw new JobSpecException("Cannot write --log " + log + ": it is a file; give a directory (it is created when "
          + "missing)");
    }
    String l = canonical("--log", log, conf);
    String a = canonical("--src", src, conf);
    String b = canonical("--dest", dst, conf);
    if (l.equals(a) || l.equals(b) || within(l, a) || within(l, b) || within(a, l) || within(b, l)) {
      throw new JobSpecException("Cannot write --log " + log
          + ": it overlaps the source or the destination; choose a directory outside both");
    }
  }

  private static StoreLocation location(String flag, String userPath, Configuration conf) {
    try {
      return StoreLocation.resolve(userPath, conf);
    } catch (UnsupportedFileSystemException e) {
      String scheme = userPath.contains(":") ? userPath.substring(0, userPath.indexOf(':')) : "?";
      throw new JobSpecException("Cannot use " + flag + " " + userPath + ": no filesystem is known for scheme \""
          + scheme + "\"; use hdfs://, s3a://, oss:// or file://, or register one with --hadoopConf fs."
          + scheme + ".impl=CLASS");
    } catch (IllegalArgumentException e) {
      throw new JobSpecException("Cannot use " + flag + " " + userPath + ": " + oneLine(e) + "; give a path or a URI");
    } catch (IOException e) {
      throw new JobSpecException("Cannot use " + flag + " " + userPath + ": " + oneLine(e)
          + "; check the address and the --hadoopConf settings");
    }
  }

  private static StoreEntry stat(String flag, StoreLocation loc, Configuration conf) {
    try (Store store = loc.open(conf)) {
      return store.stat(loc.path());
    } catch (IOException e) {
      throw new JobSpecException("Cannot read " + flag + " " + loc + ": " + oneLine(e)
          + "; check that the filesystem is reachable and readable");
    }
  }

  private static List<String> readFilters(String file, Configuration conf) {
    List<String> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : readLines("--filters", file, conf)) {
      lineNo++;
      String regex = line.strip();
      if (regex.isEmpty()) continue;
      compile("--filters " + file + " line " + lineNo, regex);
      out.add(regex);
    }
    return out;
  }

  private static void compile(String where, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new JobSpecException("Cannot use " + where + " \"" + regex + "\": it is not a valid regular expression ("
          + e.getDescription() + "); fix or remove it");
    }
  }

  /** Characters that make a --srcPrefixesFile line a regular expression rather than a path. */
  private static final Pattern REGEX = Pattern.compile("[\\\\\\[\\](){}*+?|^$]");

  /**
   * Reads --srcPrefixesFile: a line holding a regular-expression character (JindoDistCp 4.x, such
   * as {@code .*test.*}) is a pattern, matched against a file's path or a folder above it; any
   * other line is a path taken with everything under it: absolute or a URI (under --src), or
   * relative to --src (JindoDistCp 3.x, S3DistCp).
   */
  private static void readPrefixes(String file, StoreLocation src, Configuration conf, List<String> prefixes,
                                   List<String> includes) {
    int lineNo = 0;
    for (String line : readLines("--srcPrefixesFile", file, conf)) {
      lineNo++;
      String p = line.strip();
      if (p.isEmpty() || p.startsWith("#")) continue;
      String where = "--srcPrefixesFile " + file + " line " + lineNo;
      if (REGEX.matcher(p).find()) {
        compile(where, p);
        includes.add(p);
        continue;
      }
      if (!p.startsWith("/") && !p.contains("://")) {
        String rel = p.startsWith("./") ? p.substring(2) : p;
        while (rel.endsWith("/") && rel.length() > 1) rel = rel.substring(0, rel.length() - 1);
        if (rel.equals(".") || rel.equals("/")) rel = "";
        if (rel.equals("..") || rel.startsWith("../") || rel.contains("/../")) {
          throw new JobSpecException("Cannot use " + where + " (" + p + "): it leads out of --src " + src
              + "; list paths inside the source");
        }
        prefixes.add(rel);
        continue;
      }
      StoreLocation loc = location(where, p, conf);
      if (!src.contains(loc)) {
        throw new JobSpecException("Cannot use " + where + " (" + loc + "): it does not lie under --src " + src
            + "; list paths inside the source, or write the line as a regular expression");
      }
      prefixes.add(loc.path().equals(src.path()) ? "" : loc.path().substring(src.path().length() + (src.path().endsWith("/") ? 0 : 1)));
    }
    if (prefixes.isEmpty() && includes.isEmpty()) {
      throw new JobSpecException("Cannot use --srcPrefixesFile " + file + ": it lists nothing; add one path or "
          + "regular expression per line");
    }
  }

  private static String relativePrefix(StoreLocation loc, StoreLocation src, String given) {
    if (!src.contains(loc)) {
      throw new JobSpecException("Cannot use source prefix " + given + ": it does not lie under --src " + src
          + "; give paths inside the source");
    }
    return loc.path().equals(src.path()) ? "" : loc.path().substring(src.path().length() + (src.path().endsWith("/") ? 0 : 1));
  }

  private static List<String> readLines(String flag, String file, Configuration conf) {
    StoreLocation loc = location(flag, file, conf);
    List<String> lines = new ArrayList<>();
    try (Store store = loc.open(conf);
         BufferedReader r = new BufferedReader(new InputStreamReader(store.open(loc.path()), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) lines.add(line);
    } catch (IOException e) {
      throw new JobSpecException("Cannot read " + flag + " " + file + ": " + oneLine(e) + "; check the path");
    }
    return lines;
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
