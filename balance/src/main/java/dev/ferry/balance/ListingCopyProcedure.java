package dev.ferry.balance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Moves a tree between any two stores in rounds driven by listing differences (length and
 * content), for sources without snapshots: an initial copy, update rounds until at most
 * {@code diffThreshold} paths differ, then writes disabled (permission 000 where the store has
 * permissions), a final round, a verifying diff, and the permission restored. Each stage records
 * its intent before acting and is safe to run again.
 */
public class ListingCopyProcedure extends BalanceProcedure {
  enum Phase { INIT_COPY, ROUNDS, DISABLE_WRITE, FINAL_ROUND, VERIFY, RESTORE }

  private String source;
  private String target;
  private SyncOptions options;
  private Phase phase = Phase.INIT_COPY;
  private int round;
  private String savedPermission;

  public ListingCopyProcedure() {
  }

  public ListingCopyProcedure(String name, String source, String target, SyncOptions options) {
    super(name, null);
    this.source = source;
    this.target = target;
    this.options = options;
  }

  @Override
  public Result execute(BalanceContext c) throws Exception {
    switch (phase) {
      case INIT_COPY -> {
        c.say("balance: initial copy " + source + " -> " + target);
        TreeSync.update(c, source, target, options, List.of());
        phase = Phase.ROUNDS;
        return proceed();
      }
      case ROUNDS -> {
        round++;
        long diff = syncRound(c);
        c.say("balance: round " + round + ": " + diff + " paths differed");
        if (diff <= options.diffThreshold()) {
          phase = Phase.DISABLE_WRITE;
          return proceed();
        }
        return options.delayMillis() > 0 ? delay(Duration.ofMillis(options.delayMillis())) : proceed();
      }
      case DISABLE_WRITE -> {
        FileSystem fs = new Path(source).getFileSystem(c.conf());
        if (savedPermission == null) { // intent first: the permission to restore is journaled
          savedPermission = Short.toString(fs.getFileStatus(new Path(source)).getPermission().toShort());
          return proceed();
        }
        fs.setPermission(new Path(source), new FsPermission((short) 0));
        c.say("balance: writes to " + source + " disabled (permission 000)");
        phase = Phase.FINAL_ROUND;
        return proceed();
      }
      case FINAL_ROUND -> {
        long diff = syncRound(c);
        c.say("balance: final round: " + diff + " paths differed");
        phase = Phase.VERIFY;
        return proceed();
      }
      case VERIFY -> {
        TreeSync.Difference d = TreeSync.diff(c, source, target);
        if (d.total() > 0) {
          restorePermission(c);
          throw new IllegalStateException("target " + target + " still differs from " + source + " after the final round ("
              + d.describe() + "); "
              + "the source is writable again; run 'ferry balance continue' to retry");
        }
        c.say("balance: verified: " + target + " equals " + source);
        phase = Phase.RESTORE;
        return proceed();
      }
      case RESTORE -> {
        restorePermission(c);
        return done();
      }
      default -> throw new IllegalStateException("unknown phase " + phase);
    }
  }

  /** One update round: copy what differs, delete what only the target has; returns the difference. */
  private long syncRound(BalanceContext c) throws Exception {
    TreeSync.Difference d = TreeSync.diff(c, source, target);
    if (d.total() == 0) return 0;
    TreeSync.deleteAtTarget(c.conf(), target, d.targetOnlyFiles(), d.targetOnlyDirs());
    if (d.toCopy() + d.failed() > 0) TreeSync.update(c, source, target, options, List.of());
    return d.total();
  }

  private void restorePermission(BalanceContext c) throws Exception {
    if (savedPermission == null) return;
    FileSystem fs = new Path(source).getFileSystem(c.conf());
    fs.setPermission(new Path(source), new FsPermission(Short.parseShort(savedPermission)));
    c.say("balance: permission of " + source + " restored");
  }

  public String phase() {
    return phase.name();
  }

  public int round() {
    return round;
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = super.state();
    m.put("source", source);
    m.put("target", target);
    m.put("options", options.toState());
    m.put("phase", phase.name());
    m.put("round", round);
    m.put("savedPermission", savedPermission);
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(Map<String, Object> s) {
    source = (String) s.get("source");
    target = (String) s.get("target");
    options = SyncOptions.fromState((Map<String, Object>) s.get("options"));
    phase = Phase.valueOf((String) s.get("phase"));
    round = ((Number) s.get("round")).intValue();
    savedPermission = (String) s.get("savedPermission");
  }
}
