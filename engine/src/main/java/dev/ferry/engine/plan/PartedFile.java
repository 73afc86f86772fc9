package dev.ferry.engine.plan;

/** A large file copied in {@code parts} parts of {@code partSize} bytes (the last one shorter). */
public record PartedFile(int index, String relPath, long length, long partSize, int parts) {
}
