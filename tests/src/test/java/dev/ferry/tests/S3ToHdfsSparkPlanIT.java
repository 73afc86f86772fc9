package dev.ferry.tests;

import static dev.ferry.tests.TestStores.Store.HDFS;
import static dev.ferry.tests.TestStores.Store.S3;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, S3 to HDFS, with every tree listed and paired by Spark. */
class S3ToHdfsSparkPlanIT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(HDFS, S3);

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.s3(STORES, "/src"); }

  @Override Place destination() { return Places.hdfs(STORES, "/dst"); }

  @Override Map<String, String> conf() {
    Map<String, String> c = new TreeMap<>(STORES.s3().s3aConf());
    c.put("ferry.plan.local.max", "2");
    return c;
  }
}
