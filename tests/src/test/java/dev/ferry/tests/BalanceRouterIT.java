package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.balance.BalanceContext;
import dev.ferry.balance.BalanceJob;
import dev.ferry.balance.BalanceJobs;
import dev.ferry.balance.BalanceJournal;
import dev.ferry.balance.BalanceScheduler;
import dev.ferry.balance.SyncOptions;
import dev.ferry.balance.TrashProcedure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.server.federation.MiniRouterDFSCluster.RouterContext;
import org.apache.hadoop.hdfs.server.federation.RouterConfigBuilder;
import org.apache.hadoop.hdfs.server.federation.StateStoreDFSCluster;
import org.apache.hadoop.hdfs.server.federation.resolver.MountTableManager;
import org.apache.hadoop.hdfs.server.federation.router.RouterClient;
import org.apache.hadoop.hdfs.server.federation.store.protocol.AddMountTableEntryRequest;
import org.apache.hadoop.hdfs.server.federation.store.protocol.GetMountTableEntriesRequest;
import org.apache.hadoop.hdfs.server.federation.store.protocol.RefreshMountTableEntriesRequest;
import org.apache.hadoop.hdfs.server.federation.store.records.MountTable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A balance through an RBF Router started in-process: the job updates the mount entry. */
@Timeout(600)
class BalanceRouterIT {
  @TempDir
  Path tmp;

  @Test
  void theMountEntryEndsPointingAtTheTarget() throws Exception {
    StateStoreDFSCluster cluster = new StateStoreDFSCluster(false, 1);
    cluster.addRouterOverrides(new RouterConfigBuilder().stateStore().admin().rpc().build());
    cluster.startCluster();
    cluster.startRouters();
    cluster.waitClusterUp();
    cluster.registerNamenodes();
    cluster.waitNamenodeRegistration();
    SparkSession spark = SparkFixture.local(2, 1);
    try {
      String ns = cluster.getNameservices().get(0);
      RouterContext router = cluster.getRandomRouter();
      String admin = "127.0.0.1:" + router.getRouter().getAdminServerAddress().getPort();
      FileSystem nn = cluster.getCluster().getFileSystem(0);
      Map<String, byte[]> files = Map.of("a/x.csv", "x".getBytes(), "b.csv", "bb".getBytes());
      Trees.writeHadoop(nn, "/src", files);

      // the cluster's client configuration: the nameservice id is resolvable, as in a federation
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      String nnAddress = nn.getUri().getAuthority();
      conf.set("dfs.nameservices", ns);
      conf.set("dfs.ha.namenodes." + ns, "nn0");
      conf.set("dfs.namenode.rpc-address." + ns + ".nn0", nnAddress);
      conf.set("dfs.client.failover.proxy.provider." + ns,
          "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider");
      conf.set(BalanceJournal.URI_KEY, tmp.resolve("journal").toUri().toString());

      try (RouterClient client = new RouterClient(router.getRouter().getAdminServerAddress(), conf)) {
        MountTableManager m = client.getMountTableManager();
        m.addMountTableEntry(AddMountTableEntryRequest.newInstance(MountTable.newInstance("/data", Map.of(ns, "/src"))));
        m.refreshMountTableEntries(RefreshMountTableEntriesRequest.newInstance());
      }

      BalanceJob job = BalanceJobs.create(conf, "/data", "hdfs://" + ns + "/dst", new SyncOptions(2, 0, 0, 100, false),
          TrashProcedure.Mode.SKIP, admin);
      StringWriter said = new StringWriter();
      try (BalanceScheduler s = new BalanceScheduler(BalanceJournal.from(conf),
          new BalanceContext(conf, spark, new PrintWriter(said)), 1)) {
        s.submit(job);
        BalanceJob end = s.await(job.id(), Duration.ofMinutes(5));
        assertThat(end.status()).as(end.error() + "\n" + said).isEqualTo(BalanceJob.Status.DONE);
      }
      assertThat(said.toString()).contains("read-only on Router", "mount entry /data -> " + ns + ":/dst");

      try (RouterClient client = new RouterClient(router.getRouter().getAdminServerAddress(), conf)) {
        MountTable entry = client.getMountTableManager()
            .getMountTableEntries(GetMountTableEntriesRequest.newInstance("/data")).getEntries().get(0);
        assertThat(entry.getDestinations().get(0).getDest()).isEqualTo("/dst");
        assertThat(entry.isReadOnly()).as("writable again once it points at the target").isFalse();
      }
      Trees.assertSameTree(Trees.readHadoop(nn, "/dst"), Trees.withDirectories(files));
      FileSystem viaRouter = router.getFileSystem();
      try (var in = viaRouter.open(new org.apache.hadoop.fs.Path("/data/b.csv"))) {
        assertThat(new String(in.readAllBytes())).as("clients of the mount point read the target").isEqualTo("bb");
      }
    } finally {
      spark.stop();
      cluster.shutdown();
    }
  }
}
