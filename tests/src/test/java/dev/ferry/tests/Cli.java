package dev.ferry.tests;

import dev.ferry.cli.FerryMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The command line in this JVM (on the session the test started), with its output captured. */
final class Cli {
  private Cli() {
  }

  /** A finished run: exit code, standard output, standard error. */
  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    CommandLine cl = FerryMain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Every outcome line a job kept in a log folder. */
  static List<String> logLines(Path log) throws IOException {
    try (Stream<Path> s = Files.list(log)) {
      return s.filter(p -> p.toString().endsWith(".jsonl")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }
  }
}
