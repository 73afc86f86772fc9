package dev.ferry.engine;

import java.time.Duration;

/**
 * A live view of a running job: files and bytes done out of the planned totals.
 *
 * @param failed files that failed so far
 */
public record Progress(long filesDone, long filesTotal, long bytesDone, long bytesTotal, long failed,
                       Duration elapsed) {

  /** Bytes per second since the copy started. */
  public double bytesPerSecond() {
    double s = elapsed.toMillis() / 1000.0;
    return s <= 0 ? 0 : bytesDone / s;
  }

  /** Estimated time left, from bytes when there are any, else from files; null when unknown. */
  public Duration eta() {
    double s = elapsed.toMillis() / 1000.0;
    if (s <= 0) return null;
    double fraction = bytesTotal > 0 ? (double) bytesDone / bytesTotal
        : filesTotal > 0 ? (double) filesDone / filesTotal : 1;
    if (fraction <= 0) return null;
    return Duration.ofMillis((long) (s * (1 - fraction) / fraction * 1000));
  }

  /** One human line, such as "1,234/20,000 files, 4.8 MiB/78.1 MiB, 12.0 MiB/s, ETA 6s". */
  public String describe() {
    Duration eta = eta();
    String volume = bytesTotal == 0 ? "" // a diff: progress by files
        : String.format(", %s/%s, %s/s", bytes(bytesDone), bytes(bytesTotal), bytes((long) bytesPerSecond()));
    return String.format("%,d/%,d files%s%s%s", filesDone, filesTotal, volume,
        failed > 0 ? ", " + failed + " failed" : "", eta == null ? "" : ", ETA " + human(eta));
  }

  public static String bytes(long b) {
    if (b < 1024) return b + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  static String human(Duration d) {
    long s = d.getSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60) + "s";
    return (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }
}
