package dev.ferry.engine.internal.spec;

import dev.ferry.engine.JobSpecException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * {@code --codec} (JindoDistCp 3.x: {@code --outputCodec}): {@code keep} copies bytes; {@code none}
 * decompresses files whose name ends in a known codec's extension; a codec name compresses with
 * Hadoop's codec of that name, and the destination name gains its extension. A file already in
 * the asked codec is copied as it is; a file in another codec is decoded and encoded again. A file
 * is transformed exactly when its destination name differs from its source name.
 */
public final class Codecs implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Codec names (and JindoDistCp's aliases) to Hadoop codec classes. */
  private static final Map<String, String> CLASSES = new LinkedHashMap<>();

  static {
    CLASSES.put("gzip", "org.apache.hadoop.io.compress.GzipCodec");
    CLASSES.put("snappy", "org.apache.hadoop.io.compress.SnappyCodec");
    CLASSES.put("lzo", "com.hadoop.compression.lzo.LzoCodec");
    CLASSES.put("lzop", "com.hadoop.compression.lzo.LzopCodec");
    CLASSES.put("bzip2", "org.apache.hadoop.io.compress.BZip2Codec");
    CLASSES.put("lz4", "org.apache.hadoop.io.compress.Lz4Codec");
    CLASSES.put("deflate", "org.apache.hadoop.io.compress.DefaultCodec");
    CLASSES.put("zstd", "org.apache.hadoop.io.compress.ZStandardCodec");
  }

  private final String name;
  private transient CompressionCodecFactory factory;
  private transient CompressionCodec target;

  private Codecs(String name) {
    this.name = name;
  }

  /** The canonical name of a --codec value: keep, none, or a codec (gz is gzip, bz2 bzip2, zst zstd). */
  public static String normalize(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "gz" -> "gzip";
      case "bz2" -> "bzip2";
      case "zst" -> "zstd";
      case "" -> "keep";
      default -> v;
    };
  }

  /** Rejects a --codec value Ferry does not know. */
  public static void check(String value) {
    String v = normalize(value);
    if (!v.equals("keep") && !v.equals("none") && !CLASSES.containsKey(v)) {
      throw new JobSpecException("Cannot use --codec " + value + ": it is not a codec Ferry knows; use keep (copy "
          + "bytes, the default), none (decompress), gzip, gz, snappy, lzo, lzop, bzip2, lz4, deflate or zstd");
    }
  }

  /**
   * The codecs of a job, checked against this JVM (lzo needs hadoop-lzo, zstd Hadoop's native
   * library); null for {@code keep}.
   */
  public static Codecs of(String value, Configuration conf) {
    String v = normalize(value);
    check(v);
    if (v.equals("keep")) return null;
    Codecs c = new Codecs(v);
    if (!v.equals("none")) {
      try {
        Class.forName(CLASSES.get(v), false, Codecs.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new JobSpecException("Cannot use --codec " + value + ": " + CLASSES.get(v) + " is not on the classpath"
            + (v.startsWith("lzo") ? " (hadoop-lzo is GPL and not shipped with Ferry or Hadoop); add the hadoop-lzo "
                + "jar and its native library (FERRY_CLASSPATH for bin/ferry, --jars for spark-submit)" : "")
            + ", or choose gzip, snappy, bzip2 or lz4");
      }
      if (v.equals("zstd") && !org.apache.hadoop.util.NativeCodeLoader.isNativeCodeLoaded()) {
        throw new JobSpecException("Cannot use --codec zstd: Hadoop's zstd codec needs Hadoop's native library "
            + "(libhadoop with zstd), which this JVM has not loaded; install it or choose gzip, snappy, bzip2 or lz4");
      }
      c.target(conf);
    }
    return c;
  }

  public String name() {
    return name;
  }

  private CompressionCodecFactory factory(Configuration conf) {
    if (factory == null) {
      Configuration c = new Configuration(conf);
      String known = c.get("io.compression.codecs", "");
      StringBuilder all = new StringBuilder(known);
      for (String cls : CLASSES.values()) {
        try {
          Class.forName(cls, false, Codecs.class.getClassLoader());
          if (all.indexOf(cls) < 0) all.append(all.length() == 0 ? "" : ",").append(cls);
        } catch (ClassNotFoundException | LinkageError absent) {
          // not on this classpath: files of that codec are copied as they are
        }
      }
      c.set("io.compression.codecs", all.toString());
      factory = new CompressionCodecFactory(c);
    }
    return factory;
  }

  /** The codec files are written with; null for none. */
  public CompressionCodec target(Configuration conf) {
    if (target == null && !name.equals("none")) {
      try {
        target = (CompressionCodec) ReflectionUtils.newInstance(Class.forName(CLASSES.get(name)), conf);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("codec " + name + " is not on this executor's classpath", e);
      }
    }
    return target;
  }

  /** The codec a file is compressed with, judged by its name; null when none is known. */
  public CompressionCodec sourceCodec(String rel, Configuration conf) {
    return rel.isEmpty() ? null : factory(conf).getCodec(new Path("/" + rel));
  }

  /** The codec a destination file was written with, judged by its name; null when none is known. */
  public CompressionCodec destinationCodec(String rel, Configuration conf) {
    return sourceCodec(rel, conf);
  }

  /**
   * The destination name of a source file: the same name when it is copied as it is, else the
   * name without its codec's extension and with the target codec's.
   */
  public String destinationName(String rel, Configuration conf) {
    if (rel.isEmpty()) return rel;
    CompressionCodec from = sourceCodec(rel, conf);
    CompressionCodec to = target(conf);
    if (to == null) return from == null ? rel : strip(rel, from);
    if (from != null && from.getClass() == to.getClass()) return rel;
    return (from == null ? rel : strip(rel, from)) + to.getDefaultExtension();
  }

  /** Whether a file of this name is decoded or encoded on its way (its name changes). */
  public boolean transforms(String name, Configuration conf) {
    return !destinationName(name, conf).equals(name);
  }

  private static String strip(String rel, CompressionCodec codec) {
    String ext = codec.getDefaultExtension();
    return rel.endsWith(ext) && rel.length() > ext.length() ? rel.substring(0, rel.length() - ext.length()) : rel;
  }
}
