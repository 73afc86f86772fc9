package dev.ferry.tests;

import static dev.ferry.tests.TestStores.Store.*;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, local disk to HDFS. */
class LocalToHdfsIT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(HDFS);

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.local(STORES, "src"); }

  @Override Place destination() { return Places.hdfs(STORES, "/dst"); }
}
