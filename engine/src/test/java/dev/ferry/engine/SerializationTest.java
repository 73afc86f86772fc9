package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.exec.SerializableConfiguration;
import dev.ferry.engine.plan.CopyBatch;
import dev.ferry.engine.plan.CopyDecision;
import dev.ferry.engine.spec.JobSpec;
import dev.ferry.engine.spec.Operation;
import dev.ferry.engine.spec.ResolvedJob;
import dev.ferry.engine.store.StoreLocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** What ships to executors survives Java serialization (local-cluster tests cover the rest). */
class SerializationTest {

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

  @Test
  void resolvedJobAndBatchesRoundTrip() throws Exception {
    JobSpec spec = JobSpec.builder(Operation.UPDATE).source("/s").destination("hdfs://nn:8020/d").build();
    ResolvedJob job = new ResolvedJob(spec, new StoreLocation("file", null, "/s"),
        new StoreLocation("hdfs", "nn:8020", "/d"), false, true, List.of(), List.of(), new StoreLocation("file", null, "/tmp/o"), true, false);
    ResolvedJob back = roundTrip(job);
    assertThat(back.destination().toString()).isEqualTo("hdfs://nn:8020/d");
    assertThat(back.spec().jobId()).isEqualTo(spec.jobId());

    CopyBatch batch = new CopyBatch(3, new String[] {"a b", "ü:c"}, new long[] {1, 2},
        new byte[] {(byte) CopyDecision.COPY.ordinal(), (byte) CopyDecision.COMPARE.ordinal()});
    CopyBatch b2 = roundTrip(batch);
    assertThat(b2.path(1)).isEqualTo("ü:c");
    assertThat(b2.decision(1)).isEqualTo(CopyDecision.COMPARE);
  }

  @Test
  void configurationRoundTrips() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.flaky.impl", "x.Y");
    SerializableConfiguration back = roundTrip(new SerializableConfiguration(conf));
    assertThat(back.get().get("fs.flaky.impl")).isEqualTo("x.Y");
  }
}
