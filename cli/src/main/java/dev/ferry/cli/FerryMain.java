package dev.ferry.cli;

import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.JobSpecException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The process entry point for {@code bin/ferry} and {@code spark-submit --class dev.ferry.cli.FerryMain}. */
public final class FerryMain {
  private FerryMain() {
  }

  /** Spark refuses to start below this heap (300 MiB reserved, times 1.5). */
  static final long SPARK_MINIMUM_HEAP = 450L << 20;

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("ferry: aborted: the driver ran out of memory (heap " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MiB); give it more with " + memoryHint() + "; the destination holds the files copied so far, each "
          + "complete or absent, and an update run finishes the job");
      code = ExitCodes.ABORTED;
    }
    System.exit(code);
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
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("ferry: " + ex.getMessage() + "; run 'ferry --help' for the flags");
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
