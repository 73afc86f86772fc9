package dev.ferry.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/ferry} in a process of its own, as a user or a scheduler runs it. */
public final class FerryProcess {
  /** The checkout (surefire passes it; tests run from tests/). */
  public static final Path REPO = Path.of(System.getProperty("ferry.repo.root", "..")).toAbsolutePath().normalize();

  /** A finished run: exit code, standard output, standard error. */
  public record Run(int exit, String out, String err) {
  }

  private final Process process;
  private final Path out;
  private final Path err;

  private FerryProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code bin/ferry args...}; output goes to files in {@code dir}. */
  public static FerryProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    return start(dir, env, false, args);
  }

  /** With {@code inDir}: {@code dir} is also the working directory, as a user's run in it has (no FERRY_DIFF_DIR). */
  private static FerryProcess start(Path dir, Map<String, String> env, boolean inDir, String... args)
      throws IOException {
    return start(REPO.resolve("bin/ferry"), dir, env, inDir, args);
  }

  /** Starts another launcher (an installed distribution's {@code bin/ferry}). */
  public static FerryProcess start(Path launcher, Path dir, Map<String, String> env, String... args) throws IOException {
    return start(launcher, dir, env, false, args);
  }

  private static FerryProcess start(Path launcher, Path dir, Map<String, String> env, boolean inDir, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "ferry", ".out");
    Path err = Files.createTempFile(dir, "ferry", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (inDir) {
      pb.directory(dir.toFile());
      pb.environment().remove("FERRY_DIFF_DIR");
    }
    pb.environment().putAll(env);
    return new FerryProcess(pb.start(), out, err);
  }

  public static Run run(Path dir, String... args) throws Exception {
    return start(dir, Map.of(), args).await(300);
  }

  /** Runs {@code bin/ferry args...} with {@code dir} as its working directory. */
  public static Run runIn(Path dir, String... args) throws Exception {
    return start(dir, Map.of(), true, args).await(300);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no clean-up. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public Run await(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/ferry did not end within " + seconds + " s: " + Files.readString(err));
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  public String output() throws IOException {
    return Files.readString(out) + Files.readString(err);
  }
}
