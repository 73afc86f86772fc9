package dev.ferry.balance;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Moves a tree between any two stores in rounds driven by listing differences (length and
 * content), for sources without snapshots: an initial copy, update rounds until at most
 * {@code diffThreshold} paths differ, then writes disabled (permission 000 where the store has
 * permissions), a final round, a verifying diff, and the permission restored. Each stage records
 * its intent before acting and is safe to run again.
 */
public class ListingCopyProcedure extends CopyRoundsProcedure {
  enum Phase { INIT_COPY, ROUNDS, DISABLE_WRITE, FINAL_ROUND, VERIFY, RESTORE }

  private Phase phase = Phase.INIT_COPY;

  public ListingCopyProcedure() {
  }

  public ListingCopyProcedure(String name, String source, String target, SyncOptions options) {
    super(name, source, target, options);
  }

  @Override
  public Result execute(BalanceContext c) throws Exception {
    return switch (phase) {
      case INIT_COPY -> initialCopy(c);
      case ROUNDS -> round(c);
      case DISABLE_WRITE -> disableWritesStage(c);
      case FINAL_ROUND -> finalRound(c);
      case VERIFY -> verify(c);
      case RESTORE -> restore(c);
    };
  }

  private Result initialCopy(BalanceContext c) {
    c.say("balance: initial copy " + source + " -> " + target);
    TreeSync.update(c, source, target, options, List.of(), false).requireCopied(source, target);
    phase = Phase.ROUNDS;
    return proceed();
  }

  private Result round(BalanceContext c) throws IOException {
    round++;
    long diff = syncRound(c, false);
    c.say("balance: round " + round + ": " + diff + " paths differed");
    if (diff <= options.diffThreshold()) {
      phase = Phase.DISABLE_WRITE;
      return proceed();
    }
    return options.delayMillis() > 0 ? delay(Duration.ofMillis(options.delayMillis())) : proceed();
  }

  private Result disableWritesStage(BalanceContext c) throws IOException {
    if (disableWrites(c)) phase = Phase.FINAL_ROUND;
    return proceed();
  }

  private Result finalRound(BalanceContext c) throws IOException {
    long diff = syncRound(c, true);
    c.say("balance: final round: " + diff + " paths differed");
    phase = Phase.VERIFY;
    return proceed();
  }

  private Result verify(BalanceContext c) throws IOException {
    TreeSync.Difference d = TreeSync.diff(c, source, target);
    if (d.total() > 0) {
      restoreWrites(c, true);
      throw new IllegalStateException("target " + target + " still differs from " + source + " after the final round ("
          + d.describe() + "); the source is writable again; run 'ferry balance continue' to retry");
    }
    c.say("balance: verified: " + target + " equals " + source);
    phase = Phase.RESTORE;
    return proceed();
  }

  private Result restore(BalanceContext c) throws IOException {
    restoreWrites(c, false);
    return done();
  }

  /**
   * One update round: delete what only the target has (found by listing both trees), then an
   * update copies what differs; the contents are read once, by the update. Returns the number of
   * paths that differed.
   */
  private long syncRound(BalanceContext c, boolean last) throws IOException {
    TreeSync.Difference d = TreeSync.diff(c, source, target, false);
    TreeSync.deleteAtTarget(c.conf(), target, d.targetOnlyFiles(), d.targetOnlyDirs());
    long copied = TreeSync.update(c, source, target, options, List.of(), last).requireCopied(source, target).changes();
    return copied + d.targetOnlyFiles().size() + d.targetOnlyDirs().size();
  }

  @Override
  public String phase() {
    return phase.name();
  }

  @Override
  public void restore(Map<String, Object> s) {
    super.restore(s);
    phase = Phase.valueOf((String) s.get("phase"));
  }
}
