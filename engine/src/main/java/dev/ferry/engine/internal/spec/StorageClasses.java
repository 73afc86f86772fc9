package dev.ferry.engine.internal.spec;

import dev.ferry.engine.JobSpecException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --policy}: JindoDistCp's storage classes (Standard, IA, Archive, ColdArchive) and what
 * they are called by each object store. OSS takes them as they are (and DeepColdArchive); S3
 * takes STANDARD, STANDARD_IA, GLACIER and DEEP_ARCHIVE for them, and its own names (such as
 * INTELLIGENT_TIERING or GLACIER_IR) as well.
 */
public final class StorageClasses {
  private static final Map<String, String> OSS = Map.of(
      "standard", "Standard", "ia", "IA", "archive", "Archive", "coldarchive", "ColdArchive",
      "deepcoldarchive", "DeepColdArchive");
  private static final Map<String, String> S3 = Map.ofEntries(
      Map.entry("standard", "STANDARD"), Map.entry("ia", "STANDARD_IA"), Map.entry("archive", "GLACIER"),
      Map.entry("coldarchive", "DEEP_ARCHIVE"), Map.entry("standard_ia", "STANDARD_IA"),
      Map.entry("onezone_ia", "ONEZONE_IA"), Map.entry("intelligent_tiering", "INTELLIGENT_TIERING"),
      Map.entry("glacier", "GLACIER"), Map.entry("glacier_ir", "GLACIER_IR"), Map.entry("deep_archive", "DEEP_ARCHIVE"),
      Map.entry("reduced_redundancy", "REDUCED_REDUNDANCY"));

  private StorageClasses() {
  }

  private static String key(String value) {
    return value.strip().toLowerCase(Locale.ROOT);
  }

  /** Rejects a value no store knows. */
  public static void check(String value) {
    String k = key(value);
    if (!OSS.containsKey(k) && !S3.containsKey(k)) {
      throw new JobSpecException("Cannot use --policy " + value + ": it is not a storage class; use Standard, IA, "
          + "Archive or ColdArchive (or an S3 class such as INTELLIGENT_TIERING)");
    }
  }

  /** The OSS name of a class; throws when OSS has none of that name. */
  public static String forOss(String value) {
    String c = OSS.get(key(value));
    if (c == null) {
      throw new JobSpecException("Cannot use --policy " + value + " with oss://: OSS has the classes Standard, IA, "
          + "Archive, ColdArchive and DeepColdArchive; choose one of those");
    }
    return c;
  }

  /** The S3 name of a class; throws when S3 has none of that name. */
  public static String forS3(String value) {
    String c = S3.get(key(value));
    if (c == null) {
      throw new JobSpecException("Cannot use --policy " + value + " with s3a://: choose Standard, IA, Archive, "
          + "ColdArchive or an S3 class (STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE)");
    }
    return c;
  }
}
