package dev.ferry.cli;

import dev.ferry.alerting.AlarmSink;
import dev.ferry.alerting.AlertSettings;
import dev.ferry.alerting.RetryPolicy;
import dev.ferry.engine.JobSpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where a job's alarm goes: Cloud Monitor (JindoDistCp's --enableCMS), webhooks, DingTalk. */
final class AlertOptions {
  @Option(names = "--enableCMS", description = "After the job, alarm Alibaba Cloud Monitor when COPY_FAILED (copy, update) "
      + "or DIFF_FILES (diff) is non-zero; configured by the environment variables cmsToken, cmsRegion, cmsLevel "
      + "(INFO, WARN, CRITICAL; default WARN), and cmsAccessKeyId + cmsAccessSecret for a CMS event as well.")
  boolean enableCms;

  @Option(names = "--cmsNotifyUrl", paramLabel = "URL",
      description = "Replaces the external-alarm address https://metrichub-cms-<cmsRegion>.aliyuncs.com/event/notify "
          + "(also the environment variable cmsNotifyUrl).")
  String cmsNotifyUrl;

  @Option(names = "--cmsEndpoint", paramLabel = "URL",
      description = "Replaces the CMS API endpoint and protocol, e.g. http://127.0.0.1:8080 (also the environment variable cmsEndpoint).")
  String cmsEndpoint;

  @Option(names = "--alertWebhook", paramLabel = "URL",
      description = "Also POST the alarm content as JSON to this URL (repeatable).")
  List<String> webhooks = new ArrayList<>();

  @Option(names = "--alertDingTalk", paramLabel = "URL",
      description = "Also send the alarm to this DingTalk robot webhook, signed with the environment variable alertDingTalkSecret when set.")
  String dingTalk;

  @Option(names = "--alertTimeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long all alarm sinks together may take (they are sent at once); a sink without an answer by "
          + "then is reported as not delivered. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  /** The settings and their sinks, checked before the job starts. */
  record Checked(AlertSettings settings, List<AlarmSink> sinks, Duration deadline) {
  }

  Checked check(Map<String, String> env) {
    if (timeoutSeconds <= 0) {
      throw new JobSpecException("Cannot use --alertTimeout " + timeoutSeconds + ": it must be a positive number of seconds");
    }
    Duration deadline = Duration.ofSeconds(timeoutSeconds);
    AlertSettings settings = new AlertSettings(enableCms, env, cmsNotifyUrl, cmsEndpoint, webhooks, dingTalk)
        .withRetryPolicy(RetryPolicy.DEFAULT.within(deadline));
    try {
      return new Checked(settings, settings.sinks(), deadline);
    } catch (IllegalArgumentException e) {
      throw new JobSpecException(e.getMessage());
    }
  }
}
