package dev.ferry.engine.internal.plan;

/** A large file copied in {@code parts} parts by several tasks and assembled by the driver. */
public record PartedFile(int index, String relPath, long length, int parts) {
}
