package dev.ferry.engine.spec;

import dev.ferry.engine.store.Store;
import dev.ferry.engine.store.StoreEntry;
import dev.ferry.engine.store.StoreLocation;
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
  private JobResolver() {
  }

  public static ResolvedJob resolve(JobSpec spec, Configuration conf) {
    StoreLocation src = location("--src", spec.source(), conf);
    StoreLocation dst = location("--dest", spec.destination(), conf);
    StoreEntry srcEntry = stat("--src", src, conf);
    if (srcEntry == null) {
      throw new JobSpecException("Cannot read --src " + src + ": it does not exist; check the path");
    }
    StoreEntry dstEntry = spec.operation() == Operation.DIFF && !srcEntry.directory() ? null : stat("--dest", dst, conf);
    if (spec.operation() != Operation.DIFF) {
      if (src.contains(dst)) {
        throw new JobSpecException("Cannot copy --src " + src + " to --dest " + dst
            + ": the destination is the source or lies inside it; choose a destination outside the source");
      }
      if (!srcEntry.directory() && dstEntry != null && dstEntry.directory()) {
        throw new JobSpecException("Cannot copy file --src " + src + " onto directory --dest " + dst
            + ": a single-file source is copied to the destination path; give the full destination file path");
      }
      if (srcEntry.directory() && dstEntry != null && !dstEntry.directory()) {
        throw new JobSpecException("Cannot copy directory --src " + src + " into --dest " + dst
            + ": the destination is a file; choose a directory path");
      }
    }
    List<String> excludes = new ArrayList<>(spec.excludePatterns());
    for (String regex : spec.excludePatterns()) compile("an exclude pattern", regex);
    if (spec.filtersFile() != null) excludes.addAll(readFilters(spec.filtersFile(), conf));
    List<String> prefixes = new ArrayList<>(spec.srcPrefixesFile() == null ? List.of()
        : readPrefixes(spec.srcPrefixesFile(), src, conf));
    for (String p : spec.srcPrefixes()) {
      prefixes.add(p.startsWith("/") || p.contains("://") ? relativePrefix(location("a source prefix", p, conf), src, p) : p);
    }

    boolean staging = spec.logDir() == null;
    String outcomePath = staging
        ? "/tmp/ferry-" + System.getProperty("user.name", "user") + "/" + spec.jobId()
        : spec.logDir();
    StoreLocation outcomes = location(staging ? "the staging directory" : "--log", outcomePath, conf);
    if (!staging && (src.contains(outcomes) || dst.contains(outcomes))) {
      throw new JobSpecException("Cannot write --log " + outcomes
          + ": it lies inside the source or the destination; choose a directory outside both");
    }
    boolean direct = spec.commitMode() == CommitMode.DIRECT
        || (spec.commitMode() == CommitMode.AUTO && dst.isObjectStore());
    return new ResolvedJob(spec, src, dst, !srcEntry.directory(), List.copyOf(excludes),
        List.copyOf(prefixes), outcomes, staging, direct);
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

  private static List<String> readPrefixes(String file, StoreLocation src, Configuration conf) {
    List<String> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : readLines("--srcPrefixesFile", file, conf)) {
      lineNo++;
      String p = line.strip();
      if (p.isEmpty()) continue;
      StoreLocation loc = location("--srcPrefixesFile " + file + " line " + lineNo, p, conf);
      if (!src.contains(loc)) {
        throw new JobSpecException("Cannot use --srcPrefixesFile " + file + " line " + lineNo + " (" + loc
            + "): it does not lie under --src " + src + "; list paths inside the source");
      }
      out.add(loc.path().equals(src.path()) ? "" : loc.path().substring(src.path().length() + (src.path().endsWith("/") ? 0 : 1)));
    }
    if (out.isEmpty()) {
      throw new JobSpecException("Cannot use --srcPrefixesFile " + file + ": it lists no prefix; add one path per line");
    }
    return out;
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
