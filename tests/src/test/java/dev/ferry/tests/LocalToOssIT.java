package dev.ferry.tests;

import static dev.ferry.tests.TestStores.Store.*;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, local disk to an OSS-protocol server. */
class LocalToOssIT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(OSS);

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.local(STORES, "src"); }

  @Override Place destination() { return Places.oss(STORES, "/dst"); }

  @Override Map<String, String> conf() { return STORES.ossConf(); }
}
