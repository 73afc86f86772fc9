package dev.ferry.cli;

import dev.ferry.engine.JobAbortedException;
import dev.ferry.engine.JobSpecException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The process entry point for {@code bin/ferry} and {@code spark-submit --class dev.ferry.cli.FerryMain}. */
public final class FerryMain {
  private FerryMain() {
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
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
