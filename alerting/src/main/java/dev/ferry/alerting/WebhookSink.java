package dev.ferry.alerting;

import java.net.URI;

/** A generic webhook: the alarm content as a JSON POST. */
public final class WebhookSink implements AlarmSink {
  private final URI uri;
  private final HttpPoster poster;

  WebhookSink(URI uri, RetryPolicy policy, Redactor redactor) {
    this.uri = uri;
    this.poster = new HttpPoster(policy, redactor);
  }

  @Override
  public String name() {
    return "webhook " + uri.getScheme() + "://" + uri.getAuthority();
  }

  @Override
  public int send(AlarmContent alarm) throws AlarmException {
    return poster.post(uri, "application/json", alarm.json(), body -> null);
  }
}
