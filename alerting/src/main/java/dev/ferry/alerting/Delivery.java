package dev.ferry.alerting;

/** What happened to one sink's alarm. */
public record Delivery(String sink, boolean delivered, int attempts, String message) {

  public String describe() {
    return sink + ": " + (delivered ? "delivered" : "NOT delivered") + " after " + attempts
        + (attempts == 1 ? " attempt" : " attempts") + (message == null ? "" : " (" + message + ")");
  }
}
