package dev.ferry.balance;

import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.Trash;

/**
 * The last step: the source, now verified at the target, goes to its filesystem's trash, is
 * deleted, or stays ({@code --moveToTrash trash|delete|skip}, {@code distcp.procedure.move.to.trash}).
 */
public class TrashProcedure extends BalanceProcedure {
  /** What happens to the source. */
  public enum Mode { TRASH, DELETE, SKIP;

    public static Mode parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "trash", "true" -> TRASH;
        case "delete" -> DELETE;
        case "skip", "false" -> SKIP;
        default -> throw new IllegalArgumentException("Cannot use --moveToTrash " + s + ": choose trash, delete or skip");
      };
    }
  }

  private String source;
  private Mode mode;

  public TrashProcedure() {
  }

  public TrashProcedure(String name, String source, Mode mode) {
    super(name, null);
    this.source = source;
    this.mode = mode;
  }

  @Override
  public Result execute(BalanceContext c) throws Exception {
    Path p = new Path(source);
    FileSystem fs = p.getFileSystem(c.conf());
    if (mode == Mode.SKIP || !fs.exists(p)) {
      c.say("balance: source " + source + (mode == Mode.SKIP ? " kept (--moveToTrash skip)" : " already gone"));
      return done();
    }
    if (mode == Mode.DELETE) {
      if (!fs.delete(p, true)) throw new java.io.IOException("Cannot delete " + source);
      c.say("balance: source " + source + " deleted");
      return done();
    }
    if (!Trash.moveToAppropriateTrash(fs, p, c.conf())) {
      throw new java.io.IOException("Cannot move " + source + " to trash: trash is disabled (fs.trash.interval=0); "
          + "enable it, or use --moveToTrash delete or skip");
    }
    c.say("balance: source " + source + " moved to trash");
    return done();
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = super.state();
    m.put("source", source);
    m.put("mode", mode.name());
    return m;
  }

  @Override
  public void restore(Map<String, Object> s) {
    source = (String) s.get("source");
    mode = Mode.valueOf((String) s.get("mode"));
  }
}
