package dev.ferry.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Operation", result.operation().name());
    fields.put("JobTime", result.jobTime());
    fields.put("SrcPath", result.source());
    fields.put("DestPath", result.destination());
    Map<String, Long> counters = new LinkedHashMap<>();
    result.counters().forEach((k, v) -> counters.put(k.name(), v));
    fields.put("Counter", counters);
    try {
      return new AlarmContent(Collections.unmodifiableMap(fields), new ObjectMapper().writeValueAsString(fields));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The content indented for people: the {@code --report} file. */
  public String prettyJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String operation() {
    return String.valueOf(fields.get("Operation"));
  }
}
