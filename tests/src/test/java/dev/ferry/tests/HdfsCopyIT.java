package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What only HDFS does: checksums that compare across block sizes (the contract covers the rest). */
@Timeout(600)
class HdfsCopyIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with(TestStores.Store.HDFS);

  @Test
  void anUpdateComparesAcrossBlockSizesAndCatchesSameLengthChanges() throws Exception {
    MiniHdfs hdfs = STORES.hdfs();
    FileSystem fs = hdfs.fs();
    Random r = new Random(5);
    byte[] big = Trees.bytes(r, 3 * 1024 * 1024 + 100);
    byte[] small = Trees.bytes(r, 10_000);
    hdfs.write("/bs/src/big", big, 1024 * 1024);
    hdfs.write("/bs/src/small", small, 1024 * 1024);
    hdfs.write("/bs/dst/big", big, 512 * 1024);
    byte[] changed = small.clone();
    changed[5000] ^= 1;
    hdfs.write("/bs/dst/small", changed, 512 * 1024);

    CopyAction.Result u = Ferry.update(STORES.spark()).source(hdfs.uri() + "/bs/src").destination(hdfs.uri() + "/bs/dst")
        .execute();

    assertThat(u.counter(Counter.FILES_SKIPPED)).as("same content, other block size: equal").isEqualTo(1);
    assertThat(u.counter(Counter.FILES_COPIED)).as("one byte changed, same length: copied").isEqualTo(1);
    Invariants.assertCopyInvariants(u);
    Trees.assertSameTree(Trees.readHadoop(fs, "/bs/dst"), Trees.readHadoop(fs, "/bs/src"));
  }
}
