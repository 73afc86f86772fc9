package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's notebook snippet, compiled and run as written (its hdfs:// and s3a:// addresses
 * pointed at the sample data and a local folder), so that the documented API cannot drift.
 */
@Timeout(300)
class ReadmeSnippetIT {
  @RegisterExtension
  static final TestStores STORES = TestStores.with();
  static final Path SAMPLE = FerryProcess.REPO.resolve("examples/sample-data/hourly_table");

  @TempDir
  Path tmp;

  static String javaBlockAfter(String readme, String heading) {
    int at = readme.indexOf(heading);
    assertThat(at).as("README has the section " + heading).isNotNegative();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find(at)).as("a java block in " + heading).isTrue();
    return m.group(1);
  }

  @Test
  void theNotebookSnippetCompilesAndRuns() throws Exception {
    String block = javaBlockAfter(Files.readString(FerryProcess.REPO.resolve("README.md")), "### From a notebook");
    Path dst = tmp.resolve("backup");
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) {
      if (line.startsWith("import ")) imports.append(line).append('\n');
      else body.append("    ").append(line).append('\n');
    }
    String code = body.toString()
        .replaceAll("\"hdfs://[^\"]*\"", Matcher.quoteReplacement('"' + SAMPLE.toString() + '"'))
        .replaceAll("\"s3a://[^\"]*\"", Matcher.quoteReplacement('"' + dst.toString() + '"'));
    String source = imports + "\npublic class ReadmeSnippet {\n  public static void run(org.apache.spark.sql.SparkSession spark) {\n"
        + code + "  }\n}\n";
    Path src = tmp.resolve("src/ReadmeSnippet.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path classes = Files.createDirectories(tmp.resolve("classes"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.toString()));
    int compiled = javac.run(null, null, null, args.toArray(String[]::new));
    assertThat(compiled).as("the README snippet compiles:\n" + source).isZero();

    try (URLClassLoader cl = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      SparkSession spark = STORES.spark();
      cl.loadClass("ReadmeSnippet").getMethod("run", SparkSession.class).invoke(null, spark);
    }
    Trees.assertSameTree(Trees.readLocal(dst), Trees.readLocal(SAMPLE)); // the snippet's update copied the table
  }
}
