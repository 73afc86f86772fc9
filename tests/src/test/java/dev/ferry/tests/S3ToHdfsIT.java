package dev.ferry.tests;

import static dev.ferry.tests.TestStores.Store.*;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, S3 to HDFS. */
class S3ToHdfsIT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(HDFS, S3);

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.s3(STORES, "/src"); }

  @Override Place destination() { return Places.hdfs(STORES, "/dst"); }

  @Override Map<String, String> conf() { return STORES.s3().s3aConf(); }
}
