package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.plan.DiffDecision;
import java.io.Serializable;

/**
 * One path of a diff task's work.
 *
 * @param sourceLength -1 when the source has no file there
 * @param destinationLength -1 when the destination has no file there
 * @param note the reason, for UNLISTABLE and SPECIAL
 */
public record DiffItem(String path, DiffDecision decision, long sourceLength, long destinationLength, String note)
    implements Serializable {
}
