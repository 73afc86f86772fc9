package dev.ferry.cli;

import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.JobSpecException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.spark.SparkUserAppException;
import picocli.CommandLine;

/** The process entry point for {@code bin/ferry} and {@code spark-submit --class dev.ferry.cli.FerryMain}. */
public final class FerryMain {
  private FerryMain() {
  }

  /** Spark refuses to start below this heap (300 MiB reserved, times 1.5). */
  static final long SPARK_MINIMUM_HEAP = 450L << 20;

  /**
   * Runs the command line and ends the process with its exit code. In cluster mode (YARN's
   * ApplicationMaster or a standalone cluster's DriverWrapper runs this method in the cluster) the
   * process is not Ferry's to end: a success returns, a failure throws
   * {@link SparkUserAppException} with the exit code, which YARN records as the application's
   * failed final status and exit code (and spark-submit, Oozie's spark action included, then fails).
   * {@code System.exit} there would end every run as failed ("Shutdown hook called before final
   * status was reported").
   */
  public static void main(String[] args) throws SparkUserAppException {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("ferry: aborted: the driver ran out of memory (heap " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MiB); give it more with " + memoryHint() + "; the destination holds the files copied so far, each "
          + "complete or absent, and an update run finishes the job");
      code = ExitCodes.ABORTED;
    }
    System.out.flush();
    System.err.flush();
    if (clusterMode()) {
      if (code != ExitCodes.OK) throw new SparkUserAppException(code);
      return;
    }
    System.exit(code);
  }

  /** True in the driver of a {@code --deploy-mode cluster} application (YARN or standalone). */
  static boolean clusterMode() {
    return "cluster".equals(System.getProperty("spark.submit.deployMode"))
        || System.getProperty("spark.yarn.app.id") != null;
  }

  /**
   * ", did you mean --dest?" for a mistyped flag, else nothing: the visible flags within a small
   * edit distance (transposed letters count once), else picocli's own nearest names.
   */
  static String suggestion(CommandLine.ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || !u.isUnknownOption()) return "";
    String typed = u.getUnmatched().get(0);
    int eq = typed.indexOf('=');
    if (eq > 0) typed = typed.substring(0, eq);
    String given = typed.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT);
    List<String> near = new java.util.ArrayList<>();
    int best = Math.max(1, Math.min(3, given.length() / 3));
    for (CommandLine.Model.OptionSpec o : ex.getCommandLine().getCommandSpec().options()) {
      if (o.hidden()) continue;
      for (String name : o.names()) {
        if (!name.startsWith("--")) continue;
        int d = distance(given, name.substring(2).toLowerCase(java.util.Locale.ROOT));
        if (d < best) {
          best = d;
          near.clear();
        }
        if (d == best && !near.contains(name)) near.add(name);
      }
    }
    if (near.isEmpty()) near = u.getSuggestions();
    if (near.isEmpty()) return "";
    return near.size() == 1 ? ", did you mean " + near.get(0) + "?"
        : ", did you mean one of " + String.join(", ", near.subList(0, Math.min(3, near.size()))) + "?";
  }

  /** Edit distance with adjacent transpositions (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** The driver's own memory, named the way the user sets it. */
  static String memoryHint() {
    return "FERRY_DRIVER_MEMORY (bin/ferry) or spark.driver.memory / --driver-memory (spark-submit)";
  }

  /** True when the error, or one it wraps, is the JVM running out of heap. */
  static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) return true;
      if (t.getMessage() != null && t.getMessage().contains("java.lang.OutOfMemoryError")) return true;
    }
    return false;
  }

  /**
   * The command line with Ferry's exception-to-exit-code mapping installed; tests capture its
   * output with {@code setOut}/{@code setErr}.
   */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line reading alarm settings from {@code env} instead of the process environment. */
  public static CommandLine commandLine(java.util.Map<String, String> env) {
    CommandLine cl = new CommandLine(new FerryCommand(env));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // wide enough that flags' descriptions and URLs stay whole in logs and pipes; a terminal's own width when there is one
    cl.setUsageHelpWidth(110);
    cl.setUsageHelpAutoWidth(true);
    cl.setHelpFactory(WholeWordHelp.FACTORY);
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      String help = ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
      err.println("ferry: " + ex.getMessage() + suggestion(ex) + "; run '" + help + "' for the flags");
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof JobSpecException) {
        err.println("ferry: " + ex.getMessage());
        return ExitCodes.USAGE;
      }
      if (outOfMemory(ex)) {
        err.println("ferry: aborted: the driver ran out of memory (heap " + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB); give it more with " + memoryHint() + "; the destination holds the files copied so far, each "
            + "complete or absent, and an update run finishes the job");
        return ExitCodes.ABORTED;
      }
      if (ex instanceof JobAbortedException) {
        err.println("ferry: " + ex.getMessage());
        return ExitCodes.ABORTED;
      }
      err.println("ferry: aborted by an unexpected error: " + ex
          + "; the destination holds the files copied so far, each complete or absent");
      ex.printStackTrace(err);
      return ExitCodes.ABORTED;
    });
    return cl;
  }
}
