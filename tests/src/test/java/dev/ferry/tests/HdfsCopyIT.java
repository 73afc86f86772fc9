package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Counter;
import dev.ferry.engine.Ferry;
import dev.ferry.engine.JobResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Copies between the local disk and a real HDFS (MiniDFSCluster), and HDFS to HDFS updates. */
@Timeout(600)
class HdfsCopyIT {
  static MiniHdfs hdfs;
  static SparkSession spark;
  @TempDir
  static Path base;
  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    hdfs = new MiniHdfs(base.resolve("dfs"));
    spark = SparkFixture.local(2, 1);
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
    if (hdfs != null) hdfs.close();
  }

  /** HDFS forbids ':' in names; everything else of the awkward tree is legal there. */
  static Map<String, byte[]> hdfsTree() {
    Map<String, byte[]> t = new TreeMap<>(Trees.awkwardTree());
    t.remove("special/colon:name");
    return t;
  }

  @Test
  void localToHdfsAndBack() throws Exception {
    Map<String, byte[]> files = hdfsTree();
    Path src = tmp.resolve("src");
    Trees.writeLocal(src, files, Trees.EMPTY_DIRS);
    String hdfsDst = hdfs.uri() + "/backup/t";

    JobResult up = Ferry.copy(spark).source(src.toString()).destination(hdfsDst).execute();
    assertThat(up.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Invariants.assertCopyInvariants(up);
    Map<String, byte[]> expected = Trees.withDirectories(files, Trees.EMPTY_DIRS);
    Trees.assertSameTree(Trees.readHadoop(hdfs.fs(), "/backup/t"), expected);

    Path back = tmp.resolve("back");
    JobResult down = Ferry.copy(spark).source(hdfsDst).destination("file://" + back).execute();
    assertThat(down.counter(Counter.FILES_COPIED)).isEqualTo(files.size());
    Trees.assertSameTree(Trees.readLocal(back), expected);

    JobResult noop = Ferry.update(spark).source(src.toString()).destination(hdfsDst).execute();
    assertThat(noop.counter(Counter.FILES_SKIPPED)).as("local vs HDFS compared by content").isEqualTo(files.size());
  }

  @Test
  void hdfsUpdateComparesAcrossBlockSizesAndCatchesSameLengthChanges() throws Exception {
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

    JobResult u = Ferry.update(spark).source(hdfs.uri() + "/bs/src").destination(hdfs.uri() + "/bs/dst").execute();

    assertThat(u.counter(Counter.FILES_SKIPPED)).as("same content, other block size: equal").isEqualTo(1);
    assertThat(u.counter(Counter.FILES_COPIED)).as("one byte changed, same length: copied").isEqualTo(1);
    Invariants.assertCopyInvariants(u);
    Trees.assertSameTree(Trees.readHadoop(fs, "/bs/dst"), Trees.readHadoop(fs, "/bs/src"));
  }
}
