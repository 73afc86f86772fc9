package dev.ferry.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.JobResult;
import java.util.Map;

/**
 * JindoDistCp's alarm content (JobTime, SrcPath, DestPath, Counter with the operation's counters;
 * Ferry adds Operation), which is also the {@code --report} content.
 *
 * @param json the compact JSON sent as the alarm body
 */
public record AlarmContent(Map<String, Object> fields, String json) {

  public static AlarmContent of(JobResult result) {
    Map<String, Object> fields = result.report();
    try {
      return new AlarmContent(fields, new ObjectMapper().writeValueAsString(fields));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String operation() {
    return String.valueOf(fields.get("Operation"));
  }
}
