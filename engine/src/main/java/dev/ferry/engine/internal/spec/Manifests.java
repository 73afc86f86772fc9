package dev.ferry.engine.internal.spec;

import java.io.Serializable;

/**
 * The manifests of a copy (S3DistCp's and JindoDistCp 3.x's): a gzip file of JSON lines, one per
 * file a run copied.
 *
 * @param output the name of the manifest this run writes into the destination folder, or null
 * @param previous the URI of an earlier run's manifest whose files are taken as copied, or null
 * @param requirePrevious fail (exit 2) when {@code previous} does not exist; otherwise copy as if none was given
 * @param copyFrom copy exactly the files {@code previous} lists, without listing the source
 */
public record Manifests(String output, String previous, boolean requirePrevious, boolean copyFrom)
    implements Serializable {
  public static final Manifests NONE = new Manifests(null, null, true, false);
}
