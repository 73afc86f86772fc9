package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.internal.plan.CopyBatch;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.exec.WorkItem;
import dev.ferry.engine.internal.plan.DiffDecision;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.Pairing;
import dev.ferry.engine.internal.plan.ListingFilter;
import dev.ferry.engine.internal.plan.PartitionPacker;
import dev.ferry.engine.internal.spec.JobSpec;
import dev.ferry.engine.JobSpecException;
import dev.ferry.engine.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanningTest {

  @Test
  void decisionTable() {
    ListedEntry same = ListedEntry.file("f", 10);
    ListedEntry shorter = ListedEntry.file("f", 9);
    ListedEntry dir = ListedEntry.directory("f");
    assertThat(CopyDecision.decide(Operation.COPY, 10, same, false)).as("copy always copies").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, null, false)).as("missing").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, dir, false)).as("a directory in the way").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, shorter, false)).as("length differs").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, same, false)).as("same length: compare content").isEqualTo(CopyDecision.COMPARE);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, same, true)).as("checksum disabled").isEqualTo(CopyDecision.SKIP);
  }

  @Test
  void diffDecisionTable() {
    ListedEntry same = ListedEntry.file("f", 10);
    assertThat(DiffDecision.decide(10, null, false)).isEqualTo(DiffDecision.DST_MISS);
    assertThat(DiffDecision.decide(10, ListedEntry.directory("f"), false))
        .as("a directory where the source has a file").isEqualTo(DiffDecision.DST_MISS);
    assertThat(DiffDecision.decide(11, same, false)).isEqualTo(DiffDecision.LENGTH_DIFF);
    assertThat(DiffDecision.decide(10, same, false)).isEqualTo(DiffDecision.COMPARE);
    assertThat(DiffDecision.decide(10, same, true)).isEqualTo(DiffDecision.SAME_LENGTH);
  }

  @Test
  void pairingTurnsEveryKindOfPathIntoItsWork() {
    ListedEntry special = new ListedEntry("p", ListedEntry.Kind.SPECIAL, 0, "fifo");
    ListedEntry unlistable = new ListedEntry("u", ListedEntry.Kind.UNLISTABLE, 0, "denied");
    ListedEntry leftover = new ListedEntry(".ferry-x.t1.1.tmp", ListedEntry.Kind.LEFTOVER, 0, null);
    Operation up = Operation.UPDATE;
    assertThat(Pairing.copy(up, false, special, null).decision()).isEqualTo(CopyDecision.SPECIAL);
    assertThat(Pairing.copy(up, false, unlistable, null).note()).isEqualTo("denied");
    assertThat(Pairing.copy(up, false, null, leftover).decision()).as("a killed run's temporary").isEqualTo(CopyDecision.LEFTOVER);
    assertThat(Pairing.copy(up, false, null, ListedEntry.file("only-there", 3))).as("an update deletes nothing").isNull();
    assertThat(Pairing.copy(up, false, ListedEntry.directory("d"), ListedEntry.directory("d"))).isNull();
    assertThat(Pairing.copy(up, false, ListedEntry.directory("d"), null).decision()).isEqualTo(CopyDecision.MKDIR);
    assertThat(Pairing.copy(up, false, ListedEntry.file("f", 5), ListedEntry.file("f", 5)).decision())
        .isEqualTo(CopyDecision.COMPARE);

    List<String> unreadable = List.of("locked/");
    assertThat(Pairing.diff(false, null, leftover, unreadable)).as("never reported").isNull();
    assertThat(Pairing.diff(false, null, ListedEntry.file("x", 3), unreadable).decision()).isEqualTo(DiffDecision.DST_ONLY);
    assertThat(Pairing.diff(false, ListedEntry.file("locked/f", 3), null, unreadable).decision())
        .as("absent where the destination could not be listed: unknown").isEqualTo(DiffDecision.UNREADABLE);
    assertThat(Pairing.diff(false, ListedEntry.file("open/f", 3), null, unreadable).decision()).isEqualTo(DiffDecision.DST_MISS);
    assertThat(Pairing.diff(false, ListedEntry.directory("d"), ListedEntry.file("d", 1), unreadable).decision())
        .as("a file where the source has a folder").isEqualTo(DiffDecision.DST_ONLY);
  }

  @Test
  void packerGivesAHugeFileItsOwnPartitionAndSpreadsSmallOnes() {
    List<WorkItem> items = new ArrayList<>();
    items.add(WorkItem.of("huge", CopyDecision.COPY, 100L << 30, null));
    for (int i = 0; i < 9000; i++) items.add(WorkItem.of(String.format("s%05d", i), CopyDecision.COPY, 4096, null));

    List<CopyBatch> batches = PartitionPacker.pack(items, 4);

    assertThat(batches).hasSize(4);
    CopyBatch withHuge = batches.stream().filter(b -> b.items()[0].length() > (1L << 30) || b.size() == 1)
        .findFirst().orElseThrow();
    assertThat(withHuge.size()).as("the huge file is alone").isEqualTo(1);
    List<Integer> others = batches.stream().filter(b -> b != withHuge).map(CopyBatch::size).toList();
    assertThat(others).allMatch(n -> n == 3000);
    assertThat(batches.stream().mapToInt(CopyBatch::size).sum()).isEqualTo(9001);
  }

  @Test
  void packerNeverMakesEmptyPartitions() {
    List<WorkItem> items = List.of(WorkItem.of("a", CopyDecision.COPY, 1, null), WorkItem.of("b", CopyDecision.SKIP, 1, null));
    assertThat(PartitionPacker.pack(items, 64)).hasSize(2).allMatch(b -> b.size() == 1);
  }

  @Test
  void filterExcludesWholeMatchesAndPrunesDirectories() {
    ListingFilter f = new ListingFilter("hdfs://nn/data/t", List.of(".*\\.tmp", ".*/_temporary(/.*)?"), List.of());
    assertThat(f.takeFile("a/x.tmp")).isFalse();
    assertThat(f.takeFile("a/x.tmpl")).as("whole match only").isTrue();
    assertThat(f.descend("a/_temporary")).isFalse();
    assertThat(f.takeFile("a/b.csv")).isTrue();
    ListingFilter uri = new ListingFilter("hdfs://nn/data/t", List.of("hdfs://nn/data/t/skip/.*"), List.of());
    assertThat(uri.takeFile("skip/x")).as("matched against the qualified URI").isFalse();
  }

  @Test
  void prefixesKeepOnlyTheirSubtreesButWalkTheirAncestors() {
    ListingFilter f = new ListingFilter("file:///s", List.of(), List.of("dt=2024-01/hour=0"));
    assertThat(f.descend("dt=2024-01")).as("ancestor of a prefix").isTrue();
    assertThat(f.takeDirectory("dt=2024-01")).isFalse();
    assertThat(f.descend("dt=2024-02")).isFalse();
    assertThat(f.takeFile("dt=2024-01/hour=01/x")).as("string prefix, as JindoDistCp").isTrue();
    assertThat(f.takeFile("dt=2024-01/hour=1/x")).isFalse();
  }

  @Test
  void specRejectsImpossibleValuesWithTheFlagName() {
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).destination("/d").build())
        .isInstanceOf(JobSpecException.class).hasMessageContaining("--src");
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).source("/s").destination("/d").parallelism(-2).build())
        .hasMessageContaining("--parallelism");
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).source("/s").destination("/d").bandwidthMBps(-2).build())
        .hasMessageContaining("--bandWidth");
    assertThat(JobSpec.builder(Operation.COPY).source("/s").destination("/d").bandwidthMBps(-1).build().bandwidthMBps())
        .as("JindoDistCp's -1: no limit").isZero();
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).source("/s").destination("/d").codec("rar").build())
        .hasMessageContaining("--codec rar");
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).source("/s").destination("/d").storageClass("Cold").build())
        .hasMessageContaining("--policy Cold");
    assertThatThrownBy(() -> JobSpec.builder(Operation.DIFF).source("/s").destination("/d").syncSourceDelete(true).build())
        .hasMessageContaining("--syncSourceDelete");
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).source("/s").destination("/d").deleteOnSuccess(true)
        .transaction(true).build()).hasMessageContaining("--deleteOnSuccess with --enableTransaction");
    assertThatThrownBy(() -> JobSpec.builder(Operation.UPDATE).source("/s").destination("/d").maxDeletes(-5).build())
        .hasMessageContaining("--maxDeletes");
    JobSpec ok = JobSpec.builder(Operation.UPDATE).source("/s").destination("/d").hadoopConf("fs.s3a.secret.key", "SECRET").build();
    assertThat(ok.describe()).as("descriptions never carry configuration values").doesNotContain("SECRET");
  }
}
