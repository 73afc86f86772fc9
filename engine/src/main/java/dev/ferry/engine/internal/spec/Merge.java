package dev.ferry.engine.internal.spec;

import java.io.Serializable;

/**
 * Merging small files while copying (S3DistCp's {@code --groupBy}/{@code --targetSize}): files whose
 * path matches {@code groupBy} are concatenated per value of its capture groups.
 *
 * @param groupBy a regular expression with at least one capture group
 * @param targetSize the most bytes of one merged file (0: a group makes one file)
 */
public record Merge(String groupBy, long targetSize) implements Serializable {
}
