package dev.ferry.engine.internal.plan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which paths a listing takes. Exclude patterns (a whole match against the path relative to the
 * root, or against its qualified URI, as DistCp's regex filter matches whole paths) prune a file
 * or a whole directory. A selection, when given, keeps only what it names: source prefixes
 * (paths relative to the root: a path starting with one is taken) and include patterns (a file is
 * taken when a pattern matches its relative path, its URI or its absolute path, or those of a
 * folder above it). Source patterns ({@code --srcPattern}), when given, must also match a file.
 */
public final class ListingFilter {
  private final String rootUri;
  private final String rootPath;
  private final List<Pattern> excludes;
  private final List<String> prefixes;
  private final List<Pattern> includes;
  private final List<Pattern> patterns;

  public ListingFilter(String rootUri, List<String> excludes, List<String> prefixes) {
    this(rootUri, excludes, prefixes, List.of(), List.of());
  }

  public ListingFilter(String rootUri, List<String> excludes, List<String> prefixes, List<String> includes,
                       List<String> patterns) {
    this.rootUri = rootUri.endsWith("/") ? rootUri : rootUri + "/";
    String path = java.net.URI.create(this.rootUri.replace(" ", "%20")).getRawPath();
    this.rootPath = path == null ? "/" : java.net.URLDecoder.decode(path.replace("+", "%2B"),
        java.nio.charset.StandardCharsets.UTF_8);
    this.excludes = excludes.stream().map(Pattern::compile).toList();
    this.prefixes = List.copyOf(prefixes);
    this.includes = includes.stream().map(Pattern::compile).toList();
    this.patterns = patterns.stream().map(Pattern::compile).toList();
  }

  public boolean excluded(String rel) {
    if (excludes.isEmpty() || rel.isEmpty()) return false;
    return anyMatches(excludes, rel);
  }

  private boolean anyMatches(List<Pattern> list, String rel) {
    String qualified = rootUri + rel;
    String absolute = rootPath + rel;
    for (Pattern p : list) {
      if (p.matcher(rel).matches() || p.matcher(qualified).matches() || p.matcher(absolute).matches()) return true;
    }
    return false;
  }

  /** Whether some path below the folder {@code rel} could still match a pattern of the list. */
  private boolean mayMatchBelow(List<Pattern> list, String rel) {
    String dir = rel.isEmpty() ? "" : rel + "/";
    for (String candidate : new String[] {dir, rootUri + dir, rootPath + dir}) {
      for (Pattern p : list) {
        Matcher m = p.matcher(candidate);
        if (m.matches() || m.hitEnd()) return true;
      }
    }
    return false;
  }

  private boolean selected(String rel) {
    if (prefixes.isEmpty() && includes.isEmpty()) return true;
    for (String p : prefixes) {
      if (rel.startsWith(p)) return true;
    }
    if (includes.isEmpty()) return false;
    // a folder a pattern names brings everything under it
    for (String at = rel; ; at = parentOf(at)) {
      if (anyMatches(includes, at)) return true;
      if (at.isEmpty()) return false;
    }
  }

  private static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  /** Whether to descend into a directory: it may hold something the filter takes. */
  public boolean descend(String rel) {
    if (excluded(rel)) return false;
    if (!patterns.isEmpty() && !mayMatchBelow(patterns, rel)) return false;
    if (selected(rel)) return true;
    String dir = rel + "/";
    for (String p : prefixes) {
      if (p.startsWith(dir)) return true;
    }
    return !includes.isEmpty() && mayMatchBelow(includes, rel);
  }

  /** Whether a directory itself is taken (recreated at the destination). */
  public boolean takeDirectory(String rel) {
    return !excluded(rel) && selected(rel) && patterns.isEmpty();
  }

  public boolean takeFile(String rel) {
    return !excluded(rel) && selected(rel) && (patterns.isEmpty() || anyMatches(patterns, rel));
  }
}
