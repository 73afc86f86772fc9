package dev.ferry.alerting;

/** One place an alarm goes. Implementations retry transient failures themselves. */
public interface AlarmSink {

  /** A short name for delivery reports, such as "cms-notify". Never holds a secret. */
  String name();

  /**
   * Sends the alarm.
   *
   * @return the number of attempts it took
   * @throws AlarmException when it could not be delivered; the message holds no secret
   */
  int send(AlarmContent alarm) throws AlarmException;
}
