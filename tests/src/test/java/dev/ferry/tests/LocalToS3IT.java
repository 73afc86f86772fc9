package dev.ferry.tests;

import static dev.ferry.tests.TestStores.Store.*;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, local disk to an S3-compatible server. */
class LocalToS3IT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(S3);

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.local(STORES, "src"); }

  @Override Place destination() { return Places.s3(STORES, "/dst"); }

  @Override Map<String, String> conf() { return STORES.s3().s3aConf(); }
}
