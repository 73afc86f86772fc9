package dev.ferry.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** fedbalance's flags over its configuration keys over the defaults, checked up front. */
class BalanceOptionsTest {
  static final BalanceOptions.Flags NONE = new BalanceOptions.Flags(null, null, null, null, null, null);

  static Configuration conf(String... kv) {
    Configuration c = new Configuration(false);
    for (int i = 0; i < kv.length; i += 2) c.set(kv[i], kv[i + 1]);
    return c;
  }

  @Test
  void defaultsThenKeysThenFlags() {
    BalanceOptions d = BalanceOptions.from(conf("fs.trash.interval", "10"), NONE);
    assertThat(d.sync()).isEqualTo(new SyncOptions(0, 0, 0, 1000, false));
    assertThat(d.trash()).isEqualTo(TrashProcedure.Mode.TRASH);

    Configuration keys = conf(BalanceJobs.MAP_KEY, "7", BalanceJobs.BANDWIDTH_KEY, "5", BalanceJobs.FORCE_CLOSE_KEY,
        "true", BalanceJobs.TRASH_KEY, "delete");
    BalanceOptions k = BalanceOptions.from(keys, NONE);
    assertThat(k.sync()).isEqualTo(new SyncOptions(7, 5, 0, 1000, true));
    assertThat(k.trash()).isEqualTo(TrashProcedure.Mode.DELETE);

    BalanceOptions f = BalanceOptions.from(keys, new BalanceOptions.Flags(3, 2.5, 200L, 4L, false, "skip"));
    assertThat(f.sync()).isEqualTo(new SyncOptions(3, 2.5, 4, 200, false));
    assertThat(f.trash()).isEqualTo(TrashProcedure.Mode.SKIP);
  }

  @Test
  void badValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> BalanceOptions.from(conf(), NONE)).hasMessageContaining("fs.trash.interval");
    assertThatThrownBy(() -> BalanceOptions.from(conf(), new BalanceOptions.Flags(0, null, null, null, null, "skip")))
        .hasMessageContaining("--map");
    assertThatThrownBy(() -> BalanceOptions.from(conf(), new BalanceOptions.Flags(null, null, -1L, null, null, "skip")))
        .hasMessageContaining("--delay");
    assertThatThrownBy(() -> BalanceOptions.from(conf(), new BalanceOptions.Flags(null, null, null, null, null, "later")))
        .hasMessageContaining("--moveToTrash");
  }
}
