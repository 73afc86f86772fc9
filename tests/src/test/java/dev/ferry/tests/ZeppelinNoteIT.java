package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.CopyAction;
import dev.ferry.engine.Counter;
import dev.ferry.engine.DiffAction;
import dev.ferry.engine.DiffOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/zeppelin: the note's %spark paragraphs, and the Scala form of the README's notebook
 * snippet, run in order in Spark's Scala interpreter on a session that exists before them (as
 * Zeppelin's is), with {@code z} a stub that records what {@code z.show} displays. Each job's
 * result is checked, and the session is alive and usable after them.
 */
@Timeout(600)
class ZeppelinNoteIT {
  static final Path NOTE = FerryProcess.REPO.resolve("examples/zeppelin/ferry.zpln");
  static final Path SCALA_SNIPPET = FerryProcess.REPO.resolve("README.md");
  static final Path SAMPLE = FerryProcess.REPO.resolve("examples/sample-data/hourly_table");
  /** The note's root folder, its first paragraph's {@code val root}: replaced by a test folder. */
  static final String NOTE_ROOT = "/tmp/ferry-zeppelin";
  /** The paragraphs whose outcome is checked below, in the note's order. */
  static final List<String> CHECKED = List.of("Sample data", "Copy", "Per-file outcomes", "Diff", "Change a file",
      "Update", "Diff after the update");

  @TempDir
  static Path shared;

  static SparkSession spark;
  static ZStub z;
  static Repl repl;

  @BeforeAll
  static void startSessionAndInterpreter() throws Exception {
    Path classes = Files.createDirectories(shared.resolve("repl-classes"));
    // as Zeppelin's and spark-shell's: the SparkContext serves the interpreter's classes to executors
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("ferry-zeppelin-note")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.repl.class.outputDir", classes.toString())
        .getOrCreate();
    z = new ZStub(1000);
    repl = new Repl(spark, classes, z);
  }

  @AfterAll
  static void stop() {
    if (repl != null) repl.close();
    if (spark != null) spark.stop();
  }

  @Test
  void theNotesParagraphsRunInOrderOnTheNotebooksSession() throws Exception {
    Path root = shared.resolve("note");
    Path src = root.resolve("src");
    Path dst = root.resolve("dst");
    List<String> ran = new ArrayList<>();
    for (JsonNode paragraph : new ObjectMapper().readTree(NOTE.toFile()).get("paragraphs")) {
      String title = paragraph.path("title").asText();
      String text = paragraph.get("text").asText();
      String interpreter = text.lines().findFirst().orElse("").trim();
      if (!interpreter.equals("%spark")) {
        assertThat(interpreter).as("paragraph " + title + ": %spark or text (%md)").isEqualTo("%md");
        continue;
      }
      String code = text.substring(text.indexOf('\n') + 1).replace(NOTE_ROOT, root.toString());
      run(title, code);
      ran.add(title);

      switch (title) {
        case "Sample data" -> assertThat(files(src)).as("the sample tree").hasSize(10);
        case "Copy" -> {
          CopyAction.Result r = (CopyAction.Result) repl.value("r");
          assertThat(r.counter(Counter.FILES_COPIED)).as(r.counters().toString()).isEqualTo(10);
          assertThat(r.counter(Counter.COPY_FAILED)).isZero();
          Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(src)); // every byte
        }
        case "Per-file outcomes" -> {
          List<List<String>> rows = table(z.last(), "path", "action", "status", "bytes", "reason", "error");
          assertThat(rows).as("one row per copied file").hasSize(10);
          assertThat(rows.stream().map(row -> row.get(0))).containsExactlyInAnyOrderElementsOf(files(src).keySet());
          assertThat(rows).allSatisfy(row -> assertThat(row.subList(1, 3)).containsExactly("COPY", "OK"));
        }
        case "Diff" -> {
          DiffAction.Result d = (DiffAction.Result) repl.value("d");
          assertThat(d.counter(Counter.DIFF_FILES)).as(d.counters().toString()).isZero();
          assertThat(d.counter(Counter.DIFF_FAILED)).isZero();
          assertThat(d.counter(Counter.SAME_FILES)).isEqualTo(10);
        }
        case "Change a file" -> {
          String changed = (String) repl.value("changed");
          DiffAction.Result d2 = (DiffAction.Result) repl.value("d2");
          assertThat(d2.counter(Counter.DIFF_FILES)).as(d2.counters().toString()).isEqualTo(1);
          assertThat(d2.counter(Counter.CHECKSUM_DIFF)).as("same length, other content").isEqualTo(1);
          assertThat(d2.differences()).extracting(DiffOutcome::path).containsExactly(changed);
          assertThat(Files.readAllBytes(src.resolve(changed))).isNotEqualTo(Files.readAllBytes(dst.resolve(changed)));
        }
        case "Update" -> {
          String changed = (String) repl.value("changed");
          CopyAction.Result u = (CopyAction.Result) repl.value("u");
          assertThat(u.counter(Counter.FILES_COPIED)).as(u.counters().toString()).isEqualTo(1);
          assertThat(u.counter(Counter.FILES_SKIPPED)).isEqualTo(9);
          assertThat(u.counter(Counter.COPY_FAILED)).isZero();
          List<List<String>> rows = table(z.last(), "path", "action", "status", "bytes", "reason", "error");
          assertThat(rows).as("what the update copied").hasSize(1);
          assertThat(rows.get(0).get(0)).isEqualTo(changed);
          Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(src));
        }
        case "Diff after the update" -> {
          DiffAction.Result d3 = (DiffAction.Result) repl.value("d3");
          assertThat(d3.counter(Counter.DIFF_FILES)).as(d3.counters().toString()).isZero();
          assertThat(d3.counter(Counter.SAME_FILES)).isEqualTo(10);
        }
        default -> throw new AssertionError("a paragraph this test does not check: " + title);
      }
    }
    assertThat(ran).as("the note's %spark paragraphs").containsExactlyElementsOf(CHECKED);
    assertTheSessionIsAlive();
  }

  @Test
  void theScalaFormOfTheReadmeSnippetRuns() throws Exception {
    String block = scalaBlock(Files.readString(SCALA_SNIPPET));
    Path dst = shared.resolve("snippet-backup");
    String code = block
        .replaceAll("\"hdfs://[^\"]*\"", Matcher.quoteReplacement('"' + SAMPLE.toString() + '"'))
        .replaceAll("\"s3a://[^\"]*\"", Matcher.quoteReplacement('"' + dst.toString() + '"'));
    run("README's Scala snippet", code);

    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(SAMPLE)); // the snippet's update copied the table
    DiffAction.Result d = (DiffAction.Result) repl.value("d");
    assertThat(d.hasDifferences()).as(d.counters().toString()).isFalse();
    assertTheSessionIsAlive();
  }

  // ---------------------------------------------------------------------------------------------

  static void run(String what, String code) {
    assertThat(Repl.success(repl.run(code)))
        .as("%s did not run:%n%s%n---- interpreter output ----%n%s", what, code, repl.output()).isTrue();
  }

  /** The library never stops the session: it still runs jobs, from Java and from the interpreter. */
  static void assertTheSessionIsAlive() {
    assertThat(spark.sparkContext().isStopped()).isFalse();
    assertThat(spark.range(10).count()).isEqualTo(10);
    run("a job with a closure after Ferry's", "val aliveCheck = sc.parallelize(1 to 10, 2).map(_ * 2).sum");
    assertThat(repl.value("aliveCheck")).isEqualTo(110.0);
  }

  /** The rows of a {@code %table} whose header is {@code columns}. */
  static List<List<String>> table(String shown, String... columns) {
    assertThat(shown).as("z.show displayed a table").startsWith("%table ");
    List<String> lines = shown.substring("%table ".length()).lines().toList();
    assertThat(lines.get(0).split("\t")).containsExactly(columns);
    return lines.subList(1, lines.size()).stream().map(l -> Arrays.asList(l.split("\t", -1))).collect(Collectors.toList());
  }

  /** The regular files under {@code root}, relative path to content. */
  static Map<String, byte[]> files(Path root) throws Exception {
    return Trees.readLocal(root).entrySet().stream().filter(e -> !e.getKey().endsWith("/"))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static String scalaBlock(String markdown) {
    Matcher m = Pattern.compile("```scala\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    assertThat(m.find()).as("a ```scala block in " + SCALA_SNIPPET).isTrue();
    return m.group(1);
  }
}
