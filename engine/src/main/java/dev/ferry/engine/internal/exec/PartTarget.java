package dev.ferry.engine.internal.exec;

import java.io.Serializable;

/**
 * Where the parts of one large file go: the path being assembled (the final name on object
 * stores, a temporary name elsewhere) and the upload handle the driver started.
 */
public record PartTarget(String target, byte[] upload) implements Serializable {
}
