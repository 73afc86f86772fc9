package dev.ferry.balance;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * What the copy procedures share: source, target, options, the round counter, and disabling
 * writes to the source (the permission to restore is journaled before it is changed).
 */
public abstract class CopyRoundsProcedure extends BalanceProcedure {
  protected String source;
  protected String target;
  protected SyncOptions options;
  protected int round;
  private String savedPermission;
  /** With a Router, writes are disabled by making the mount entry read-only instead. */
  private String router;
  private String mountPoint;

  protected CopyRoundsProcedure() {
  }

  protected CopyRoundsProcedure(String name, String source, String target, SyncOptions options) {
    super(name, null);
    this.source = source;
    this.target = target;
    this.options = options;
  }

  /**
   * Disable writes through the Router's mount entry (read-only) rather than by permission; the
   * mount-table procedure makes it writable again when it points it at the target.
   */
  public void useRouter(String routerAdmin, String mount) {
    this.router = routerAdmin;
    this.mountPoint = mount;
  }

  /** The current stage, for {@code balance list}. */
  public abstract String phase();

  public int round() {
    return round;
  }

  /**
   * Disables writes to the source in two journaled steps: the first call records the permission
   * to restore and returns false, the second sets 000 and returns true.
   */
  protected boolean disableWrites(BalanceContext c) throws IOException {
    if (router != null) {
      MountTable.update(c.conf(), router, mountPoint, true, null);
      c.say("balance: writes through mount entry " + mountPoint + " disabled (read-only on Router " + router + ")");
      return true;
    }
    Path src = new Path(source);
    FileSystem fs = src.getFileSystem(c.conf());
    if (savedPermission == null) {
      savedPermission = Short.toString(fs.getFileStatus(src).getPermission().toShort());
      return false;
    }
    fs.setPermission(src, new FsPermission((short) 0));
    c.say("balance: writes to " + source + " disabled (permission 000)");
    return true;
  }

  /**
   * Makes the source writable again. With a Router nothing is done after a successful copy (the
   * entry stays read-only until it points at the target); after a failed verification the entry
   * is made writable again ({@code afterFailure}).
   */
  protected void restoreWrites(BalanceContext c, boolean afterFailure) throws IOException {
    if (router != null) {
      if (afterFailure) MountTable.update(c.conf(), router, mountPoint, false, null);
      return;
    }
    restorePermission(c);
  }

  protected void restorePermission(BalanceContext c) throws IOException {
    if (savedPermission == null) return;
    Path src = new Path(source);
    src.getFileSystem(c.conf()).setPermission(src, new FsPermission(Short.parseShort(savedPermission)));
    c.say("balance: permission of " + source + " restored");
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = super.state();
    m.put("source", source);
    m.put("target", target);
    m.put("options", options.toState());
    m.put("phase", phase());
    m.put("round", round);
    m.put("savedPermission", savedPermission);
    m.put("router", router);
    m.put("mountPoint", mountPoint);
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Map<String, Object> s) {
    source = (String) s.get("source");
    target = (String) s.get("target");
    options = SyncOptions.fromState((Map<String, Object>) s.get("options"));
    round = ((Number) s.get("round")).intValue();
    savedPermission = (String) s.get("savedPermission");
    router = (String) s.get("router");
    mountPoint = (String) s.get("mountPoint");
  }
}
