package dev.ferry.engine.internal;

import dev.ferry.engine.internal.spec.JobSpec;
import org.apache.spark.SparkContext;

/**
 * Names a job in the Spark UI (and makes it cancellable) for the calling thread, restoring
 * whatever group a notebook had set before.
 */
final class JobGroup implements AutoCloseable {
  private static final String ID = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";

  private final SparkContext sc;
  private final String previousId;
  private final String previousDescription;
  private final String previousInterrupt;

  private JobGroup(SparkContext sc) {
    this.sc = sc;
    this.previousId = sc.getLocalProperty(ID);
    this.previousDescription = sc.getLocalProperty(DESCRIPTION);
    this.previousInterrupt = sc.getLocalProperty(INTERRUPT);
  }

  static JobGroup enter(SparkContext sc, JobSpec spec) {
    JobGroup g = new JobGroup(sc);
    sc.setJobGroup(spec.jobId(), spec.describe(), true);
    return g;
  }

  @Override
  public void close() {
    sc.setLocalProperty(ID, previousId);
    sc.setLocalProperty(DESCRIPTION, previousDescription);
    sc.setLocalProperty(INTERRUPT, previousInterrupt);
  }
}
