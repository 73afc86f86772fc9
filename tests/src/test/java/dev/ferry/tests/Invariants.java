package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Counter;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.CopyOutcome;
import java.util.Map;
import org.apache.spark.sql.Row;

/** The counter invariants of DESIGN.md, and agreement between counters and per-file outcomes. */
public final class Invariants {
  private Invariants() {
  }

  public static void assertCopyInvariants(CopyAction.Result r) {
    Map<Counter, Long> c = r.counters();
    assertThat(c.keySet()).as("every copy counter is reported").containsExactlyInAnyOrder(
        Counter.COPY_FAILED, Counter.CHECKSUM_DIFF, Counter.FILES_EXPECTED, Counter.FILES_COPIED,
        Counter.FILES_SKIPPED, Counter.BYTES_SKIPPED, Counter.BYTES_EXPECTED, Counter.BYTES_COPIED);
    assertThat(c.get(Counter.FILES_EXPECTED)).as("FILES_EXPECTED = COPIED + SKIPPED + FAILED")
        .isEqualTo(c.get(Counter.FILES_COPIED) + c.get(Counter.FILES_SKIPPED) + c.get(Counter.COPY_FAILED));
    assertThat(c.get(Counter.CHECKSUM_DIFF)).as("CHECKSUM_DIFF is counted in COPY_FAILED")
        .isLessThanOrEqualTo(c.get(Counter.COPY_FAILED));

    long rows = r.outcomes().count();
    assertThat(rows).as("one outcome row per expected file").isEqualTo(c.get(Counter.FILES_EXPECTED));
    long copied = r.outcomes().filter("action = 'COPY' AND status = 'OK'").count();
    long skipped = r.outcomes().filter("action = 'SKIP'").count();
    long failed = r.outcomes().filter("status <> 'OK'").count();
    assertThat(copied).as("FILES_COPIED matches the outcome rows").isEqualTo(c.get(Counter.FILES_COPIED));
    assertThat(skipped).as("FILES_SKIPPED matches the outcome rows").isEqualTo(c.get(Counter.FILES_SKIPPED));
    assertThat(failed).as("COPY_FAILED matches the outcome rows").isEqualTo(c.get(Counter.COPY_FAILED));
    Row bytes = r.outcomes().filter("action = 'COPY' AND status = 'OK'").agg(org.apache.spark.sql.functions.sum("bytes")).first();
    long copiedBytes = bytes.isNullAt(0) ? 0 : bytes.getLong(0);
    assertThat(copiedBytes).as("BYTES_COPIED matches the outcome rows").isEqualTo(c.get(Counter.BYTES_COPIED));
    long distinctPaths = r.outcomes().select("path").distinct().count();
    assertThat(distinctPaths).as("no file has two outcomes").isEqualTo(rows);
    assertThat(r.failures()).as("failures returned to the driver are failed outcomes")
        .allMatch(CopyOutcome::failed);
  }
}
