package dev.ferry.alerting;

import dev.ferry.engine.JobResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a job's alarm to every sink, one after another, each isolated so that one failing sink
 * neither stops the others nor touches the job's own result.
 */
public final class Alerter {
  private Alerter() {
  }

  /** The deliveries, or an empty list when the policy says no alarm. */
  public static List<Delivery> deliver(JobResult result, List<AlarmSink> sinks, Redactor redactor) {
    if (sinks.isEmpty() || !AlarmPolicy.shouldFire(result)) return List.of();
    AlarmContent alarm = AlarmContent.of(result);
    List<Delivery> out = new ArrayList<>();
    for (AlarmSink sink : sinks) {
      try {
        out.add(new Delivery(sink.name(), true, sink.send(alarm), null));
      } catch (AlarmException e) {
        out.add(new Delivery(sink.name(), false, e.attempts(), redactor.redact(e.getMessage())));
      } catch (RuntimeException e) {
        out.add(new Delivery(sink.name(), false, 1, redactor.redact(e.toString())));
      }
    }
    return out;
  }
}
