package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.internal.store.StoreLocation;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  @Test
  void containsIsPathAware() {
    StoreLocation a = new StoreLocation("hdfs", "nn:8020", "/data/t");
    assertThat(a.contains(new StoreLocation("hdfs", "nn:8020", "/data/t/x"))).isTrue();
    assertThat(a.contains(new StoreLocation("hdfs", "nn:8020", "/data/t"))).isTrue();
    assertThat(a.contains(new StoreLocation("hdfs", "nn:8020", "/data/tt"))).as("sibling with a common prefix").isFalse();
    assertThat(a.contains(new StoreLocation("hdfs", "other:8020", "/data/t/x"))).as("other cluster").isFalse();
    assertThat(new StoreLocation("file", null, "/x").toString()).isEqualTo("file:///x");
  }
}
