package dev.ferry.alerting;

import dev.ferry.engine.Counter;
import dev.ferry.engine.JobResult;
import dev.ferry.engine.Operation;

/** JindoDistCp's rule: alarm when COPY_FAILED (copy, update) or DIFF_FILES (diff) is non-zero. */
public final class AlarmPolicy {
  private AlarmPolicy() {
  }

  public static boolean shouldFire(JobResult result) {
    if (result.dryRun()) return false;
    return result.operation() == Operation.DIFF
        ? result.counter(Counter.DIFF_FILES) > 0
        : result.counter(Counter.COPY_FAILED) > 0;
  }
}
