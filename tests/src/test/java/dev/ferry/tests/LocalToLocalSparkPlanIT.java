package dev.ferry.tests;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy contract, local disk to local disk, with every tree listed and paired by Spark. */
class LocalToLocalSparkPlanIT extends CopyContract {
  @RegisterExtension
  static final TestStores STORES = TestStores.with();

  @Override TestStores stores() { return STORES; }

  @Override Place source() { return Places.local(STORES, "src"); }

  @Override Place destination() { return Places.local(STORES, "dst"); }

  /** The driver lists two entries, then hands the tree to executors. */
  @Override Map<String, String> conf() { return Map.of("ferry.plan.local.max", "2"); }
}
