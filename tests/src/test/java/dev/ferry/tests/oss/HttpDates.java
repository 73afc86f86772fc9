package dev.ferry.tests.oss;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The two date formats OSS uses: RFC 1123 in headers, ISO 8601 in XML bodies. */
final class HttpDates {

  /** Fixed two-digit day: the SDK parses with SimpleDateFormat "EEE, dd MMM yyyy HH:mm:ss 'GMT'". */
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter ISO_8601 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private HttpDates() {
  }

  static String header(Instant instant) {
    return RFC_1123.format(instant);
  }

  static String iso(Instant instant) {
    return ISO_8601.format(instant);
  }

  /** Parses a request Date header; null if it is not a valid RFC 1123 date. */
  static Instant parseHeader(String value) {
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
