package dev.ferry.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/** POSTs a body with retries on network errors, 5xx and 429 only. */
final class HttpPoster {
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final RetryPolicy policy;
  private final Redactor redactor;

  HttpPoster(RetryPolicy policy, Redactor redactor) {
    this.policy = policy;
    this.redactor = redactor;
  }

  /**
   * @param rejection reads a 2xx response body and returns why it is a failure, or null when it
   *     is not (DingTalk answers 200 with an error code)
   */
  int post(URI uri, String contentType, String body, Function<String, String> rejection) throws AlarmException {
    return policy.run((n, left) -> {
      Duration timeout = left.compareTo(ATTEMPT_TIMEOUT) < 0 ? left : ATTEMPT_TIMEOUT;
      if (timeout.isZero()) return RetryPolicy.Attempt.fail("no time left before the deadline");
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        int code = r.statusCode();
        if (code / 100 == 2) {
          String why = rejection.apply(r.body());
          return why == null ? RetryPolicy.Attempt.DONE : RetryPolicy.Attempt.fail("HTTP " + code + ": " + why);
        }
        String failure = "HTTP " + code + " " + snippet(r.body());
        return code >= 500 || code == 429 ? RetryPolicy.Attempt.retry(failure) : RetryPolicy.Attempt.fail(failure);
      } catch (IOException e) {
        return RetryPolicy.Attempt.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      }
    }, redactor);
  }

  static String snippet(String body) {
    if (body == null) return "";
    String s = body.replaceAll("\\s+", " ").strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
