package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.internal.JobCounters;
import dev.ferry.engine.internal.exec.CopyPartitionFunction;
import dev.ferry.engine.internal.exec.DiffPartitionFunction;
import dev.ferry.engine.internal.exec.PartTarget;
import dev.ferry.engine.internal.exec.SerializableConfiguration;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.plan.CopyBatch;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What ships to executors survives Java serialization, as Spark's closure serializer needs:
 * both partition functions with their job, broadcast configuration and accumulators (the
 * local-cluster integration tests run them in other JVMs).
 */
class SerializationTest {
  static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("serialization")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  static ResolvedJob job(Operation op) {
    return new ResolvedJob("ferry-test-1", op, new StoreLocation("file", null, "/s"),
        new StoreLocation("hdfs", "nn:8020", "/d"), false, true, List.of(".*\\.tmp"), List.of(),
        new StoreLocation("file", null, "/tmp/s"), new StoreLocation("file", null, "/tmp/o"), true, false, false, 4, 0,
        false, new ResolvedJob.Options(List.of("a/.*"), List.of(".*\\.log"), null, "IA", false, true, true, 10,
            new StoreLocation("hdfs", "nn:8020", "/_ferry-t.txn"), 100, 10, true));
  }

  @Test
  void copyFunctionRoundTripsWithItsJobAndBatches() throws Exception {
    Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(new Configuration(false)));
    JobCounters counters = new JobCounters(sc.sc(), Operation.UPDATE);
    CopyPartitionFunction f = new CopyPartitionFunction(job(Operation.UPDATE), conf, counters.sink(),
        List.of(new PartTarget("/d/x", new byte[] {1, 2})));
    CopyPartitionFunction back = roundTrip(f);
    assertThat(back).isNotNull();
    assertThat(roundTrip(job(Operation.UPDATE)).destinationPath("a b")).isEqualTo("/d/a b");

    CopyBatch batch = new CopyBatch(3, new WorkItem[] {WorkItem.of("a b", CopyDecision.COPY, 1, null),
        WorkItem.of("ü:c", CopyDecision.COMPARE, 2, null)});
    CopyBatch b2 = roundTrip(batch);
    assertThat(b2.items()[1].path()).isEqualTo("ü:c");
    assertThat(b2.items()[1].decision()).isEqualTo(CopyDecision.COMPARE);
  }

  @Test
  void diffFunctionRoundTrips() throws Exception {
    Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(new Configuration(false)));
    JobCounters counters = new JobCounters(sc.sc(), Operation.DIFF);
    DiffPartitionFunction back = roundTrip(new DiffPartitionFunction(job(Operation.DIFF), conf, counters.sink()));
    assertThat(back).isNotNull();
  }

  @Test
  void configurationRoundTrips() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.flaky.impl", "x.Y");
    SerializableConfiguration back = roundTrip(new SerializableConfiguration(conf));
    assertThat(back.get().get("fs.flaky.impl")).isEqualTo("x.Y");
  }
}
