package dev.ferry.balance;

import org.apache.hadoop.conf.Configuration;

/**
 * A balance job's options: what the user gave (fedbalance's flags), else fedbalance's
 * configuration keys, else the defaults, checked before anything starts.
 *
 * @param sync the copy rounds' settings
 * @param trash what happens to the source at the end
 */
public record BalanceOptions(SyncOptions sync, TrashProcedure.Mode trash) {
  /** The default wait between rounds, as fedbalance's. */
  public static final long DEFAULT_DELAY_MILLIS = 1000;

  /** The flags a user gave; null where they gave none. */
  public record Flags(Integer map, Double bandwidthMBps, Long delayMillis, Long diffThreshold, Boolean forceCloseOpen,
                      String moveToTrash) {
  }

  /**
   * @throws IllegalArgumentException a one-line message naming the option and the fix
   */
  public static BalanceOptions from(Configuration conf, Flags flags) {
    TrashProcedure.Mode trash = TrashProcedure.Mode.parse(
        flags.moveToTrash() != null ? flags.moveToTrash() : conf.get(BalanceJobs.TRASH_KEY, "trash"));
    if (trash == TrashProcedure.Mode.TRASH && conf.getFloat("fs.trash.interval", 0) <= 0) {
      throw new IllegalArgumentException("Cannot move the source to trash at the end: trash is disabled "
          + "(fs.trash.interval=0); pass --hadoopConf fs.trash.interval=MINUTES, or --moveToTrash delete or skip");
    }
    int map = flags.map() != null ? flags.map() : conf.getInt(BalanceJobs.MAP_KEY, 0);
    double bandwidth = flags.bandwidthMBps() != null ? flags.bandwidthMBps() : conf.getFloat(BalanceJobs.BANDWIDTH_KEY, 0);
    long delay = flags.delayMillis() != null ? flags.delayMillis() : DEFAULT_DELAY_MILLIS;
    long threshold = flags.diffThreshold() != null ? flags.diffThreshold() : 0;
    boolean force = flags.forceCloseOpen() != null ? flags.forceCloseOpen()
        : conf.getBoolean(BalanceJobs.FORCE_CLOSE_KEY, false);
    require(map >= 0, "--map " + map + ": it must be a positive number of tasks");
    require(bandwidth >= 0 && !Double.isNaN(bandwidth), "--bandwidth " + bandwidth + ": it must be a positive number of MB/s");
    require(delay >= 0, "--delay " + delay + ": it must be a number of milliseconds, 0 or more");
    require(threshold >= 0, "--diffThreshold " + threshold + ": it must be a number of paths, 0 or more");
    if (flags.map() != null) require(map > 0, "--map 0: it must be a positive number of tasks");
    if (flags.bandwidthMBps() != null) require(bandwidth > 0, "--bandwidth 0: it must be a positive number of MB/s");
    return new BalanceOptions(new SyncOptions(map, bandwidth, threshold, delay, force), trash);
  }

  private static void require(boolean ok, String what) {
    if (!ok) throw new IllegalArgumentException("Cannot use " + what + "; fix the value");
  }
}
