package dev.ferry.balance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Procedures for scheduler tests; each writes what it did to a named log. */
final class Fixtures {
  static final Map<String, List<String>> LOGS = new ConcurrentHashMap<>();
  static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  static List<String> log(String name) {
    return LOGS.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>()));
  }

  /** Base: state holds the log name and a phase counter. */
  abstract static class Logged extends BalanceProcedure {
    String log;
    int phase;

    Logged() {
    }

    Logged(String name, String log) {
      super(name, null);
      this.log = log;
    }

    void record(String what) {
      log(log).add(name() + ":" + what);
    }

    @Override
    public Map<String, Object> state() {
      Map<String, Object> m = super.state();
      m.put("log", log);
      m.put("phase", phase);
      return m;
    }

    @Override
    public void restore(Map<String, Object> s) {
      log = (String) s.get("log");
      phase = ((Number) s.get("phase")).intValue();
    }
  }

  /** Records its name once. */
  public static class Record extends Logged {
    public Record() {
    }

    Record(String name, String log) {
      super(name, log);
    }

    @Override
    public Result execute(BalanceContext c) {
      record("run");
      return done();
    }
  }

  /** Asks to be called again after a delay, then finishes. */
  public static class Wait extends Logged {
    public Wait() {
    }

    Wait(String name, String log) {
      super(name, log);
    }

    @Override
    public Result execute(BalanceContext c) {
      record("phase" + phase + "@" + System.nanoTime());
      if (phase++ == 0) return delay(Duration.ofMillis(300));
      return done();
    }
  }

  /** Advances through four phases, one per call. */
  public static class MultiPhase extends Logged {
    public MultiPhase() {
    }

    MultiPhase(String name, String log) {
      super(name, log);
    }

    @Override
    public Result execute(BalanceContext c) {
      record("phase" + phase);
      if (phase == 3) return done();
      phase++;
      return proceed();
    }
  }

  /** Fails while its log's "broken" marker is present. */
  public static class FailWhileBroken extends Logged {
    public FailWhileBroken() {
    }

    FailWhileBroken(String name, String log) {
      super(name, log);
    }

    @Override
    public Result execute(BalanceContext c) {
      record("attempt");
      if (log(log + ":broken").size() > 0) throw new IllegalStateException("target unreachable");
      return done();
    }
  }

  /** Phase 0 and 1 record; phase 2 blocks on a gate until released (a process that hangs or dies). */
  public static class Crash extends Logged {
    public Crash() {
    }

    Crash(String name, String log) {
      super(name, log);
    }

    @Override
    public Result execute(BalanceContext c) throws InterruptedException {
      record("phase" + phase);
      if (phase == 2) {
        CountDownLatch gate = GATES.get(log);
        if (gate != null && gate.getCount() > 0) {
          gate.await(); // interrupted when the scheduler is closed
        }
        return done();
      }
      phase++;
      return proceed();
    }
  }
}
