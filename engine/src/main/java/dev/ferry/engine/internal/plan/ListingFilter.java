package dev.ferry.engine.internal.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which paths a listing takes: exclude patterns (a whole match against the path relative to the
 * root or against its qualified URI, as DistCp's regex filter matches whole paths) prune a file
 * or a whole directory; source prefixes, when given, keep only paths starting with one of them.
 */
public final class ListingFilter {
  private final String rootUri;
  private final List<Pattern> excludes;
  private final List<String> prefixes;

  public ListingFilter(String rootUri, List<String> excludes, List<String> prefixes) {
    this.rootUri = rootUri.endsWith("/") ? rootUri : rootUri + "/";
    this.excludes = excludes.stream().map(Pattern::compile).toList();
    this.prefixes = List.copyOf(prefixes);
  }

  public boolean excluded(String rel) {
    if (excludes.isEmpty() || rel.isEmpty()) return false;
    String qualified = rootUri + rel;
    for (Pattern p : excludes) {
      if (p.matcher(rel).matches() || p.matcher(qualified).matches()) return true;
    }
    return false;
  }

  private boolean underPrefix(String rel) {
    if (prefixes.isEmpty()) return true;
    for (String p : prefixes) {
      if (rel.startsWith(p)) return true;
    }
    return false;
  }

  /** Whether to descend into a directory: it may hold something the filter takes. */
  public boolean descend(String rel) {
    if (excluded(rel)) return false;
    if (underPrefix(rel)) return true;
    String dir = rel + "/";
    for (String p : prefixes) {
      if (p.startsWith(dir)) return true;
    }
    return false;
  }

  /** Whether a directory itself is taken (recreated at the destination). */
  public boolean takeDirectory(String rel) {
    return !excluded(rel) && underPrefix(rel);
  }

  public boolean takeFile(String rel) {
    return !excluded(rel) && underPrefix(rel);
  }
}
