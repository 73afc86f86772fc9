package dev.ferry.tests;

import static dev.ferry.tests.TestStores.Store.*;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, local disk to local disk. */
class LocalToLocalIT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with();

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.local(STORES, "src"); }

  @Override Place destination() { return Places.local(STORES, "dst"); }
}
