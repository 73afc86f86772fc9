package dev.ferry.balance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a balance job (a snapshot copy, a mount-table update, a trash move). Its
 * {@link #execute} does one unit of work and says what comes next; its state is journaled after
 * every call, so a procedure must record its intent in its state before acting and be safe to run
 * again from any journaled state (idempotent stages).
 *
 * <p>Subclasses need a public no-argument constructor: the journal recreates them by class name
 * and hands back their state with {@link #restore}.
 */
public abstract class BalanceProcedure {
  private String name;
  private String next;

  /** What the scheduler does after one call of {@link #execute}. */
  public sealed interface Result permits Done, Continue, Delay {
  }

  /** The procedure finished; the job moves on to the next one. */
  public record Done() implements Result {
  }

  /** A phase advanced; journal and call again at once. */
  public record Continue() implements Result {
  }

  /** Not ready (files still open, say): journal and call again after the delay. */
  public record Delay(Duration delay) implements Result {
  }

  public static Result done() {
    return new Done();
  }

  public static Result proceed() {
    return new Continue();
  }

  public static Result delay(Duration d) {
    return new Delay(d);
  }

  protected BalanceProcedure() {
  }

  protected BalanceProcedure(String name, String next) {
    this.name = name;
    this.next = next;
  }

  public String name() {
    return name;
  }

  /** The name of the procedure after this one, or null for the last. */
  public String next() {
    return next;
  }

  void identity(String name, String next) {
    this.name = name;
    this.next = next;
  }

  /**
   * Does one unit of work. Throwing fails the job, which keeps its journal so that
   * {@code balance continue} can retry it from the last journaled state once the cause is fixed.
   */
  public abstract Result execute(BalanceContext context) throws Exception;

  /** The state to journal: plain JSON values (strings, numbers, booleans, lists, maps). */
  public Map<String, Object> state() {
    return new LinkedHashMap<>();
  }

  /** Takes back a journaled state. */
  public void restore(Map<String, Object> state) {
  }
}
