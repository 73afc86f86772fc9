package dev.ferry.balance;

import dev.ferry.engine.internal.spec.JobResolver;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Builds the procedure chain of a balance job from its source, target and options. */
public final class BalanceJobs {
  /** A class to use for the copy procedure instead of Ferry's choice (fedbalance's key). */
  public static final String COPY_CLASS_KEY = "federation.balance.class";
  public static final String MAP_KEY = "distcp.procedure.map.num";
  public static final String BANDWIDTH_KEY = "distcp.procedure.bandwidth.limit";
  public static final String FORCE_CLOSE_KEY = "distcp.procedure.force.close.open.files";
  public static final String TRASH_KEY = "distcp.procedure.move.to.trash";

  private BalanceJobs() {
  }

  /**
   * The job moving {@code source} to {@code target}: a copy procedure (snapshot rounds for HDFS
   * sources, listing rounds elsewhere), then the trash step.
   */
  public static BalanceJob create(Configuration conf, String source, String target, SyncOptions options,
                                  TrashProcedure.Mode trash) throws IOException {
    return create(conf, source, target, options, trash, null);
  }

  /**
   * With a Router ({@code routerAdmin} host:port of its admin service), {@code source} is a mount
   * point: the data is read from the entry's destination, writes are disabled by making the entry
   * read-only, and at the end the entry points at the target, whose URI authority must be the
   * target's nameservice id (hdfs://ns1/path), as with Hadoop's fedbalance.
   */
  public static BalanceJob create(Configuration conf, String source, String target, SyncOptions options,
                                  TrashProcedure.Mode trash, String routerAdmin) throws IOException {
    String mountPoint = null;
    if (routerAdmin != null) {
      mountPoint = new org.apache.hadoop.fs.Path(source).toUri().getPath();
      MountTable.Destination d = MountTable.destination(conf, routerAdmin, mountPoint);
      source = "hdfs://" + d.nameservice() + d.path();
    }
    StoreLocation src = StoreLocation.resolve(source, conf);
    StoreLocation dst = StoreLocation.resolve(target, conf);
    if (routerAdmin != null && (!"hdfs".equals(dst.scheme()) || dst.authority() == null)) {
      throw new IllegalArgumentException("Cannot balance " + mountPoint + " with --router to " + target
          + ": the target must be hdfs://<nameservice id>/path so the mount entry can point at it");
    }
    String overlap = JobResolver.overlap(src, dst, conf);
    if (overlap != null) throw new IllegalArgumentException("Cannot balance " + src + " to " + dst + ": " + overlap);
    List<BalanceProcedure> chain = new ArrayList<>();
    BalanceProcedure copy = copyProcedure(conf, src, dst, options);
    if (routerAdmin != null && copy instanceof CopyRoundsProcedure r) r.useRouter(routerAdmin, mountPoint);
    chain.add(copy);
    if (routerAdmin != null) {
      chain.add(new MountTableProcedure("mount-table", routerAdmin, mountPoint, dst.authority(), dst.path()));
    }
    chain.add(new TrashProcedure("trash", src.toString(), trash));
    Map<String, String> description = new LinkedHashMap<>();
    description.put("source", src.toString());
    description.put("target", dst.toString());
    description.put("moveToTrash", trash.name().toLowerCase());
    description.put("router", routerAdmin == null ? "" : routerAdmin + " " + mountPoint);
    return BalanceJob.of(description, chain);
  }

  private static BalanceProcedure copyProcedure(Configuration conf, StoreLocation src, StoreLocation dst,
                                                SyncOptions options) throws IOException {
    String custom = conf.get(COPY_CLASS_KEY);
    if (custom != null && !custom.isBlank()) {
      try {
        return (BalanceProcedure) Class.forName(custom.strip())
            .getConstructor(String.class, String.class, String.class, SyncOptions.class)
            .newInstance("copy", src.toString(), dst.toString(), options);
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalArgumentException("Cannot use " + COPY_CLASS_KEY + "=" + custom + ": it needs a BalanceProcedure "
            + "with a public (String name, String source, String target, SyncOptions) constructor (" + e + ")");
      }
    }
    if ("hdfs".equals(src.scheme())) return new SnapshotCopyProcedure("copy", src.toString(), dst.toString(), options);
    return new ListingCopyProcedure("copy", src.toString(), dst.toString(), options);
  }
}
