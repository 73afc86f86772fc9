package dev.ferry.alerting;

/** An alarm that could not be delivered; the message is already free of secrets. */
public class AlarmException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int attempts;

  public AlarmException(String message, int attempts) {
    super(message);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }
}
