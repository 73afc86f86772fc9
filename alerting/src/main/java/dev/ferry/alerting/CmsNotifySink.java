package dev.ferry.alerting;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The alarm contact group's external-alarm address of Alibaba Cloud Monitor
 * ({@code https://metrichub-cms-<region>.aliyuncs.com/event/notify?token=...&level=...}), which
 * notifies the group by the channels of the level (INFO, WARN, CRITICAL).
 */
public final class CmsNotifySink implements AlarmSink {
  private final URI uri;
  private final HttpPoster poster;

  CmsNotifySink(URI base, String token, String level, RetryPolicy policy, Redactor redactor) {
    String b = base.toString();
    this.uri = URI.create(b + (b.contains("?") ? "&" : "?") + "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + "&level=" + level);
    this.poster = new HttpPoster(policy, redactor);
  }

  static URI defaultAddress(String region) {
    return URI.create("https://metrichub-cms-" + region + ".aliyuncs.com/event/notify");
  }

  @Override
  public String name() {
    return "cms-notify";
  }

  @Override
  public int send(AlarmContent alarm) throws AlarmException {
    return poster.post(uri, "application/json", alarm.json(), body -> null);
  }
}
