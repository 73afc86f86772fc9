package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.internal.plan.CopyBatch;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.plan.FileEntry;
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
    FileEntry same = new FileEntry("f", false, 10);
    FileEntry shorter = new FileEntry("f", false, 9);
    FileEntry dir = new FileEntry("f", true, 0);
    assertThat(CopyDecision.decide(Operation.COPY, 10, same, false)).as("copy always copies").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, null, false)).as("missing").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, dir, false)).as("a directory in the way").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, shorter, false)).as("length differs").isEqualTo(CopyDecision.COPY);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, same, false)).as("same length: compare content").isEqualTo(CopyDecision.COMPARE);
    assertThat(CopyDecision.decide(Operation.UPDATE, 10, same, true)).as("checksum disabled").isEqualTo(CopyDecision.SKIP);
  }

  @Test
  void diffDecisionTable() {
    FileEntry same = new FileEntry("f", false, 10);
    assertThat(dev.ferry.engine.internal.plan.DiffDecision.decide(10, null, false)).isEqualTo(dev.ferry.engine.internal.plan.DiffDecision.DST_MISS);
    assertThat(dev.ferry.engine.internal.plan.DiffDecision.decide(10, new FileEntry("f", true, 0), false))
        .as("a directory where the source has a file").isEqualTo(dev.ferry.engine.internal.plan.DiffDecision.DST_MISS);
    assertThat(dev.ferry.engine.internal.plan.DiffDecision.decide(11, same, false)).isEqualTo(dev.ferry.engine.internal.plan.DiffDecision.LENGTH_DIFF);
    assertThat(dev.ferry.engine.internal.plan.DiffDecision.decide(10, same, false)).isEqualTo(dev.ferry.engine.internal.plan.DiffDecision.COMPARE);
    assertThat(dev.ferry.engine.internal.plan.DiffDecision.decide(10, same, true)).isEqualTo(dev.ferry.engine.internal.plan.DiffDecision.SAME_LENGTH);
  }

  @Test
  void packerGivesAHugeFileItsOwnPartitionAndSpreadsSmallOnes() {
    List<PartitionPacker.Item> items = new ArrayList<>();
    items.add(new PartitionPacker.Item("huge", 100L << 30, CopyDecision.COPY));
    for (int i = 0; i < 9000; i++) items.add(new PartitionPacker.Item(String.format("s%05d", i), 4096, CopyDecision.COPY));

    List<CopyBatch> batches = PartitionPacker.pack(items, 4);

    assertThat(batches).hasSize(4);
    CopyBatch withHuge = batches.stream().filter(b -> b.totalBytes() > (1L << 30)).findFirst().orElseThrow();
    assertThat(withHuge.size()).as("the huge file is alone").isEqualTo(1);
    List<Integer> others = batches.stream().filter(b -> b != withHuge).map(CopyBatch::size).toList();
    assertThat(others).allMatch(n -> n == 3000);
    assertThat(batches.stream().mapToInt(CopyBatch::size).sum()).isEqualTo(9001);
  }

  @Test
  void packerNeverMakesEmptyPartitions() {
    List<PartitionPacker.Item> items = List.of(new PartitionPacker.Item("a", 1, CopyDecision.COPY),
        new PartitionPacker.Item("b", 1, CopyDecision.SKIP));
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
    assertThatThrownBy(() -> JobSpec.builder(Operation.COPY).source("/s").destination("/d").bandwidthMBps(-1).build())
        .hasMessageContaining("--bandWidth");
    JobSpec ok = JobSpec.builder(Operation.UPDATE).source("/s").destination("/d").hadoopConf("fs.s3a.secret.key", "SECRET").build();
    assertThat(ok.describe()).as("descriptions never carry configuration values").doesNotContain("SECRET");
  }
}
