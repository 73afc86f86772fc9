package dev.ferry.cli;

import picocli.CommandLine.Option;

/**
 * The options of {@code balance submit}, in Ferry's spelling and in fedbalance's single-dash one,
 * so that {@code hadoop fedbalance -map 5 submit SRC DST} ports by changing the command only:
 * {@code ferry balance -map 5 submit SRC DST}. Accepted before or after {@code submit}.
 */
final class FedBalanceFlags {
  @Option(names = {"--forceCloseOpen", "-forceCloseOpen"}, description = "When little changes but files stay open under "
      + "SRC, recover their leases instead of waiting (distcp.procedure.force.close.open.files). fedbalance: same, off.")
  Boolean forceCloseOpen;

  @Option(names = {"--map", "-map"}, paramLabel = "N", description = "Copy tasks per round (distcp.procedure.map.num). "
      + "Default: Ferry's choice (fedbalance: 10 maps).")
  Integer map;

  @Option(names = {"--bandwidth", "-bandwidth"}, paramLabel = "MB/s", description = "Write limit per executor "
      + "(distcp.procedure.bandwidth.limit). Default: none (fedbalance: 10 MB/s per map).")
  Double bandwidth;

  @Option(names = {"--delay", "-delay"}, paramLabel = "MS",
      description = "Wait between rounds while the difference is above the threshold. Default: 1000 ms (as fedbalance).")
  Long delayMillis;

  @Option(names = {"--diffThreshold", "-diffThreshold"}, paramLabel = "N",
      description = "Stop the rounds when at most N paths changed in one. Default: 0 (as fedbalance).")
  Long diffThreshold;

  @Option(names = {"--moveToTrash", "-moveToTrash"}, paramLabel = "MODE",
      description = "What happens to SRC at the end: trash, delete or skip (distcp.procedure.move.to.trash). "
          + "Default: trash (as fedbalance).")
  String moveToTrash;

  @Option(names = {"--router", "-router"}, paramLabel = "HOST:PORT", arity = "0..1", fallbackValue = "",
      description = "Router mode: SRC is a mount point of the RBF Router at this admin address (without one: "
          + "dfs.federation.router.admin-address); writes are disabled by making the entry read-only, and at the end "
          + "the entry points at DST, which must be hdfs://<nameservice id>/path. fedbalance: -router (flag).")
  String router;

  /** These flags, each taken from {@code other} where not given here. */
  FedBalanceFlags or(FedBalanceFlags other) {
    if (other == null) return this;
    FedBalanceFlags f = new FedBalanceFlags();
    f.forceCloseOpen = forceCloseOpen != null ? forceCloseOpen : other.forceCloseOpen;
    f.map = map != null ? map : other.map;
    f.bandwidth = bandwidth != null ? bandwidth : other.bandwidth;
    f.delayMillis = delayMillis != null ? delayMillis : other.delayMillis;
    f.diffThreshold = diffThreshold != null ? diffThreshold : other.diffThreshold;
    f.moveToTrash = moveToTrash != null ? moveToTrash : other.moveToTrash;
    f.router = router != null ? router : other.router;
    return f;
  }
}
