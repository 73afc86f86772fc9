package dev.ferry.balance;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** A chain of named procedures with its place in the chain; what the journal records. */
public final class BalanceJob {
  /** Where a job stands. */
  public enum Status { RUNNING, DONE, FAILED }

  static final int JOURNAL_VERSION = 1;

  private final String id;
  private final List<BalanceProcedure> procedures;
  private final Map<String, String> description;
  private String current;
  private Status status;
  private String error;
  private long sequence;
  private final long created;
  private long updated;

  private BalanceJob(String id, List<BalanceProcedure> procedures, Map<String, String> description, String current,
                     Status status, String error, long sequence, long created, long updated) {
    this.id = id;
    this.procedures = procedures;
    this.description = description;
    this.current = current;
    this.status = status;
    this.error = error;
    this.sequence = sequence;
    this.created = created;
    this.updated = updated;
  }

  /**
   * A new job running {@code procedures} in order.
   *
   * @param description what {@code balance list} shows (source, target, ...); no secrets
   */
  public static BalanceJob of(Map<String, String> description, List<BalanceProcedure> procedures) {
    if (procedures.isEmpty()) throw new IllegalArgumentException("a job needs at least one procedure");
    List<BalanceProcedure> chain = new ArrayList<>(procedures);
    for (int i = 0; i < chain.size(); i++) {
      BalanceProcedure p = chain.get(i);
      String name = p.name() != null ? p.name() : p.getClass().getSimpleName();
      String next = i + 1 < chain.size()
          ? (chain.get(i + 1).name() != null ? chain.get(i + 1).name() : chain.get(i + 1).getClass().getSimpleName())
          : null;
      p.identity(name, next);
    }
    long names = chain.stream().map(BalanceProcedure::name).distinct().count();
    if (names != chain.size()) throw new IllegalArgumentException("procedure names must be unique in a job");
    long now = System.currentTimeMillis();
    return new BalanceJob(newId(), chain, new LinkedHashMap<>(description), chain.get(0).name(), Status.RUNNING,
        null, 0, now, now);
  }

  static String newId() {
    return "balance-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  }

  public String id() { return id; }
  public Status status() { return status; }
  public String error() { return error; }
  public String currentName() { return current; }
  public Map<String, String> description() { return description; }
  public Instant created() { return Instant.ofEpochMilli(created); }
  public Instant updated() { return Instant.ofEpochMilli(updated); }

  public BalanceProcedure currentProcedure() {
    for (BalanceProcedure p : procedures) {
      if (p.name().equals(current)) return p;
    }
    throw new IllegalStateException("job " + id + " has no procedure " + current);
  }

  /** The current procedure is done: move to the next, or finish. */
  void advance() {
    String next = currentProcedure().next();
    if (next == null) {
      status = Status.DONE;
    } else {
      current = next;
    }
  }

  void fail(Throwable e) {
    status = Status.FAILED;
    error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** A failed job is retried from its last journaled state. */
  void retry() {
    status = Status.RUNNING;
    error = null;
  }

  boolean finished() {
    return status != Status.RUNNING;
  }

  /** The next journal entry's number; entries are ordered numerically. */
  long nextSequence() {
    updated = System.currentTimeMillis();
    return ++sequence;
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", JOURNAL_VERSION);
    m.put("id", id);
    m.put("sequence", sequence);
    m.put("status", status.name());
    m.put("current", current);
    m.put("error", error);
    m.put("created", created);
    m.put("updated", updated);
    m.put("description", description);
    List<Map<String, Object>> procs = new ArrayList<>();
    for (BalanceProcedure p : procedures) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("name", p.name());
      pm.put("next", p.next());
      pm.put("class", p.getClass().getName());
      pm.put("state", p.state());
      procs.add(pm);
    }
    m.put("procedures", procs);
    return m;
  }

  @SuppressWarnings("unchecked")
  static BalanceJob fromJson(Map<String, Object> m) throws ReflectiveOperationException {
    int version = ((Number) m.get("version")).intValue();
    if (version != JOURNAL_VERSION) {
      throw new IllegalStateException("journal version " + version + " is not " + JOURNAL_VERSION
          + "; continue it with the Ferry release that wrote it");
    }
    List<BalanceProcedure> procs = new ArrayList<>();
    for (Map<String, Object> pm : (List<Map<String, Object>>) m.get("procedures")) {
      BalanceProcedure p = (BalanceProcedure) Class.forName((String) pm.get("class")).getDeclaredConstructor()
          .newInstance();
      p.identity((String) pm.get("name"), (String) pm.get("next"));
      p.restore((Map<String, Object>) pm.get("state"));
      procs.add(p);
    }
    return new BalanceJob((String) m.get("id"), procs,
        new LinkedHashMap<>((Map<String, String>) Objects.requireNonNullElse(m.get("description"), Map.of())),
        (String) m.get("current"), Status.valueOf((String) m.get("status")), (String) m.get("error"),
        ((Number) m.get("sequence")).longValue(), ((Number) m.get("created")).longValue(),
        ((Number) m.get("updated")).longValue());
  }
}
