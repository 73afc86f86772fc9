package dev.ferry.engine.internal.spec;

import java.io.Serializable;

/** An update from the difference between two HDFS snapshots of the source ({@code --snapshotDiff FROM TO}). */
public record SnapshotDiff(String from, String to) implements Serializable {
}
