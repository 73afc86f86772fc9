package dev.ferry.alerting;

import java.time.Duration;

/**
 * Bounded exponential backoff under an overall deadline. Only transient failures (network errors,
 * HTTP 5xx and 429, throttling) are retried; an attempt says which it was.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration deadline) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

  /** This policy with its deadline shortened to {@code limit} when that is sooner. */
  public RetryPolicy within(Duration limit) {
    return limit.compareTo(deadline) < 0 ? new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, limit) : this;
  }

  /** One attempt's outcome: done, or a failure that may or may not be retried. */
  public record Attempt(boolean done, boolean retryable, String failure) {
    public static final Attempt DONE = new Attempt(true, false, null);

    public static Attempt retry(String failure) {
      return new Attempt(false, true, failure);
    }

    public static Attempt fail(String failure) {
      return new Attempt(false, false, failure);
    }
  }

  /** One try, given its number from 1. */
  public interface Action {
    Attempt attempt(int number, Duration timeLeft) throws InterruptedException;
  }

  /**
   * Runs the action until it is done, fails for good, or attempts or time run out.
   *
   * @return the attempts it took
   */
  public int run(Action action, Redactor redactor) throws AlarmException {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    long backoff = initialBackoff.toMillis();
    for (int n = 1; ; n++) {
      Attempt a;
      try {
        a = action.attempt(n, Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AlarmException("interrupted", n);
      }
      if (a.done()) return n;
      String failure = redactor.redact(a.failure());
      if (!a.retryable()) throw new AlarmException(failure + "; not retried", n);
      long wait = Math.min(backoff, maxBackoff.toMillis());
      if (n >= maxAttempts || System.nanoTime() + wait * 1_000_000 > deadlineNanos) {
        throw new AlarmException(failure + "; gave up", n);
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AlarmException(failure + "; interrupted while waiting to retry", n);
      }
      backoff *= 2;
    }
  }
}
