package dev.ferry.tests;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * The Scala interpreter (2.12 for Spark 3.5, 2.13 for Spark 4) that spark-shell and Zeppelin's %spark wrap, bound to an existing
 * session as they bind it: {@code spark}, {@code sc} and (for notes) {@code z}.
 *
 * <p>For closures of interpreted code to run on executors, the session must have been created with
 * {@code spark.repl.class.outputDir} set to the {@code classOutputDir} given here (the SparkContext
 * serves that folder to its executors only when it starts), and a case class must be defined by an
 * earlier {@link #run} than the one whose encoder uses it.
 */
public final class Repl implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final IMain intp;

  /**
   * @param classOutputDir where the class-based line wrappers are written: the session's
   *     spark.repl.class.outputDir (null: classes kept in memory, closures then fail on executors)
   * @param z what {@code z} is (a {@link ZStub}), or null for none
   */
  public Repl(SparkSession spark, Path classOutputDir, Object z) {
    Settings settings = new Settings();
    String args = "-usejavacp -Yrepl-class-based";
    if (classOutputDir != null) args += " -Yrepl-outdir " + classOutputDir.toAbsolutePath();
    settings.processArgumentString(args);
    intp = start(settings, new PrintWriter(out, true));
    // @transient as spark-shell does: a closure capturing a line's wrapper does not drag these along
    check(intp.bind("spark", SparkSession.class.getName(), spark, modifiers("@transient")));
    if (z != null) check(intp.bind("z", z.getClass().getName(), z, modifiers("@transient")));
    for (String line : List.of(
        "@transient val sc = spark.sparkContext",
        "import org.apache.spark.SparkContext._",
        "import spark.implicits._",
        "import spark.sql",
        "import org.apache.spark.sql.functions._")) {
      check(intp.interpret(line));
    }
  }

  /**
   * A started interpreter writing to {@code writer}: Scala 2.12's IMain takes the writer and
   * initializes synchronously; 2.13's takes a reporter around it and initializes on first use.
   */
  private static IMain start(Settings settings, PrintWriter writer) {
    try {
      try {
        IMain i = IMain.class.getConstructor(Settings.class, PrintWriter.class).newInstance(settings, writer);
        IMain.class.getMethod("initializeSynchronous").invoke(i);
        return i;
      } catch (NoSuchMethodException scala213) {
        Class<?> reporterType = Class.forName("scala.tools.nsc.interpreter.ReplReporter");
        Object reporter = Class.forName("scala.tools.nsc.interpreter.shell.ReplReporterImpl")
            .getConstructor(Settings.class, PrintWriter.class).newInstance(settings, writer);
        IMain i = IMain.class.getConstructor(Settings.class, reporterType).newInstance(settings, reporter);
        if (!(Boolean) IMain.class.getMethod("initializeCompiler").invoke(i)) {
          throw new IllegalStateException("the Scala compiler did not start");
        }
        return i;
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start the Scala interpreter of " + scala.util.Properties.versionString(), e);
    }
  }

  private static scala.collection.immutable.List<String> modifiers(String... m) {
    return JavaConverters.asScalaBuffer(List.of(m)).toList();
  }

  private void check(Results.Result r) {
    if (!success(r)) throw new IllegalStateException("the Scala interpreter did not start: " + r + "\n" + out);
  }

  public static boolean success(Results.Result r) {
    return r == Results.Success$.MODULE$;
  }

  /** Interprets code (any number of statements); Success, Error (also for a runtime exception) or Incomplete. */
  public Results.Result run(String code) {
    return intp.interpret(code);
  }

  /** Where {@link #value} receives a term's value from interpreted code. */
  public static final java.util.concurrent.atomic.AtomicReference<Object> HANDED = new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * The value of a term an earlier {@link #run} defined ({@code val n = ...}), or null: the
   * interpreter hands it over itself (IMain.valueOfTerm does not see class-based wrappers' vals).
   */
  public Object value(String term) {
    HANDED.set(null);
    if (intp.interpret("dev.ferry.tests.Repl.HANDED.set((" + term + ": Any).asInstanceOf[AnyRef])") != Results.Success$.MODULE$) {
      throw new IllegalStateException("cannot read " + term + ": " + output());
    }
    return HANDED.get();
  }

  /**
   * What the interpreter wrote: echoed definitions ({@code n: Long = 499500}), compile errors and
   * the stack traces of runtime exceptions. {@code println} goes to standard output instead.
   */
  public String output() {
    return out.toString();
  }

  @Override
  public void close() {
    intp.close();
  }
}
