package dev.ferry.tests;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/** Counts failed task attempts and lost executors, to prove a fault test really injected faults. */
public final class TaskFailures extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final AtomicInteger failedTasks = new AtomicInteger();
  private final AtomicInteger removedExecutors = new AtomicInteger();

  public TaskFailures(SparkSession spark) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(this);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskInfo().failed()) failedTasks.incrementAndGet();
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    removedExecutors.incrementAndGet();
  }

  /** Failed attempts seen so far, waiting briefly for the listener bus to catch up. */
  public int failedTasks() throws InterruptedException {
    for (int i = 0; i < 100 && failedTasks.get() == 0; i++) Thread.sleep(50);
    return failedTasks.get();
  }

  public int removedExecutors() throws InterruptedException {
    for (int i = 0; i < 100 && removedExecutors.get() == 0; i++) Thread.sleep(50);
    return removedExecutors.get();
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}
