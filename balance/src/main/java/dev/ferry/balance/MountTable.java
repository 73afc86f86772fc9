package dev.ferry.balance;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.server.federation.resolver.MountTableManager;
import org.apache.hadoop.hdfs.server.federation.resolver.RemoteLocation;
import org.apache.hadoop.hdfs.server.federation.router.RouterClient;
import org.apache.hadoop.hdfs.server.federation.store.protocol.GetMountTableEntriesRequest;
import org.apache.hadoop.hdfs.server.federation.store.protocol.RefreshMountTableEntriesRequest;
import org.apache.hadoop.hdfs.server.federation.store.protocol.UpdateMountTableEntryRequest;
import org.apache.hadoop.net.NetUtils;

/** One mount entry of an RBF Router, read and changed through the Router admin protocol. */
final class MountTable {
  private MountTable() {
  }

  /** Where an entry points: its first destination as (nameservice, path). */
  record Destination(String nameservice, String path) {
  }

  private static org.apache.hadoop.hdfs.server.federation.store.records.MountTable entry(MountTableManager m,
                                                                                        String mountPoint)
      throws IOException {
    for (org.apache.hadoop.hdfs.server.federation.store.records.MountTable e
        : m.getMountTableEntries(GetMountTableEntriesRequest.newInstance(mountPoint)).getEntries()) {
      if (e.getSourcePath().equals(mountPoint)) return e;
    }
    throw new IllegalArgumentException("Cannot find mount entry " + mountPoint + " on the Router; check --router and the path");
  }

  static Destination destination(Configuration conf, String router, String mountPoint) throws IOException {
    try (RouterClient rc = new RouterClient(NetUtils.createSocketAddr(router), conf)) {
      RemoteLocation d = entry(rc.getMountTableManager(), mountPoint).getDestinations().get(0);
      return new Destination(d.getNameserviceId(), d.getDest());
    }
  }


  /** Sets read-only, and when {@code to} is given, points the entry there; then refreshes the Routers. */
  static void update(Configuration conf, String router, String mountPoint, boolean readOnly, Destination to)
      throws IOException {
    try (RouterClient rc = new RouterClient(NetUtils.createSocketAddr(router), conf)) {
      MountTableManager m = rc.getMountTableManager();
      org.apache.hadoop.hdfs.server.federation.store.records.MountTable e = entry(m, mountPoint);
      e.setReadOnly(readOnly);
      if (to != null) e.setDestinations(List.of(new RemoteLocation(to.nameservice(), to.path(), mountPoint)));
      if (!m.updateMountTableEntry(UpdateMountTableEntryRequest.newInstance(e)).getStatus()) {
        throw new IOException("The Router refused to update mount entry " + mountPoint);
      }
      m.refreshMountTableEntries(RefreshMountTableEntriesRequest.newInstance());
    }
  }
}
