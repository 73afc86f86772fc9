package dev.ferry.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.cli.FerryMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import picocli.CommandLine;

/**
 * examples/oozie: the workflow and the coordinator are valid for Oozie's own schemas (from the
 * oozie-client jar), and every {@code <arg>} list of the workflow's spark actions, its EL variables
 * replaced by the sample values of job.properties, is a command line Ferry accepts.
 */
class OozieExamplesIT {
  static final Path DIR = FerryProcess.REPO.resolve("examples/oozie");
  static final String WORKFLOW_NS = "uri:oozie:workflow:1.0";
  static final String SPARK_NS = "uri:oozie:spark-action:1.0";
  static final String COORDINATOR_NS = "uri:oozie:coordinator:0.5";
  /** What {@code ${wf:id()}} stands for. */
  static final String WF_ID = "0000042-260101000000000-oozie-oozi-W";
  /** Oozie's built-in variables of a dataset's uri-template. */
  static final Set<String> DATASET_VARIABLES = Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE");

  static Schema workflowSchema;
  static Schema coordinatorSchema;
  static Map<String, String> jobProperties;

  @BeforeAll
  static void load() throws Exception {
    workflowSchema = schema("oozie-workflow-1.0.xsd", "spark-action-1.0.xsd", "oozie-sla-0.2.xsd");
    coordinatorSchema = schema("oozie-coordinator-0.5.xsd", "oozie-sla-0.2.xsd");
    jobProperties = jobProperties(DIR.resolve("job.properties"));
  }

  @Test
  void theWorkflowIsValidForOoziesSchemas() throws Exception {
    assertThat(errors(workflowSchema, DIR.resolve("workflow.xml")))
        .as("workflow.xml against oozie-workflow-1.0.xsd + spark-action-1.0.xsd").isEmpty();
  }

  @Test
  void theCoordinatorIsValidForOoziesSchemas() throws Exception {
    assertThat(errors(coordinatorSchema, DIR.resolve("coordinator.xml")))
        .as("coordinator.xml against oozie-coordinator-0.5.xsd").isEmpty();
  }

  /** The validator does report errors (a schema that accepts everything would pass the tests above). */
  @Test
  void theValidatorRejectsABrokenWorkflow() throws Exception {
    String broken = Files.readString(DIR.resolve("workflow.xml")).replace("<master>yarn</master>", "");
    assertThat(errors(workflowSchema, new StreamSource(new StringReader(broken), "broken-workflow.xml")))
        .as("a spark action without <master>").isNotEmpty();
  }

  @Test
  void theSparkActionRunsFerryInClusterModeFromTheWorkflowsLib() throws Exception {
    List<Element> actions = sparkActions(parse(DIR.resolve("workflow.xml")));
    assertThat(actions).as("spark actions in workflow.xml").isNotEmpty();
    for (Element spark : actions) {
      assertThat(text(spark, "master")).isEqualTo("yarn");
      assertThat(text(spark, "mode")).isEqualTo("cluster");
      assertThat(text(spark, "class")).isEqualTo("dev.ferry.cli.FerryMain");
      assertThat(text(spark, "jar")).endsWith("lib/ferry-app.jar");
    }
  }

  @Test
  void everyArgListParsesWithFerrysCommandLine() throws Exception {
    for (Element spark : sparkActions(parse(DIR.resolve("workflow.xml")))) {
      List<String> args = new ArrayList<>();
      for (Element arg : children(spark, "arg")) args.add(substitute(arg.getTextContent()));
      CommandLine.ParseResult parsed = parse(args);
      assertThat(parsed.matchedOption("--src").stringValues()).containsExactly(jobProperties.get("src"));
      assertThat(parsed.matchedOption("--dest").stringValues()).containsExactly(jobProperties.get("dest"));
      assertThat(parsed.hasMatchedOption("--update")).as("--update in " + args).isTrue();
      assertThat(parsed.matchedOption("--report").stringValues()).containsExactly(
          jobProperties.get("nameNode") + "/" + jobProperties.get("reportDir") + "/" + WF_ID + ".json");

      // the flag the workflow's comment offers for alarms parses too
      List<String> withAlarm = new ArrayList<>(args);
      withAlarm.add("--enableCMS");
      assertThat(parse(withAlarm).hasMatchedOption("--enableCMS")).isTrue();
    }
  }

  /**
   * Oozie splits {@code <spark-opts>} before every {@code --word}, inside quotes too
   * (SparkOptionsSplitter): the module openings must not be written out there.
   */
  @Test
  void sparkOptsSurviveOoziesSplittingWithTheOpeningsAndTheLogConfiguration() throws Exception {
    for (Element spark : sparkActions(parse(DIR.resolve("workflow.xml")))) {
      List<String> opts = oozieSplit(substitute(text(spark, "spark-opts")));
      for (String o : opts) {
        assertThat(o).as("spark-opts split as Oozie does: " + opts).doesNotContain("--add-opens");
        if (o.startsWith("--")) assertThat(o).as("a spark-submit option").matches("--[a-z][a-z-]*");
      }
      for (String key : List.of("spark.driver.extraJavaOptions=", "spark.executor.extraJavaOptions=")) {
        String value = opts.stream().filter(o -> o.startsWith(key)).findFirst()
            .orElseThrow(() -> new AssertionError(key + " not in " + opts));
        assertThat(value.substring(key.length()).split(" ")).as(value).contains("@java17-opens.args",
            "-Dlog4j2.configurationFile=log4j2.properties");
        assertThat(value).as("quotes Oozie would leave in").doesNotContain("\"");
      }
      int files = opts.indexOf("--files");
      assertThat(files).as("--files in " + opts).isNotNegative();
      assertThat(opts.get(files + 1).split(",")).anyMatch(f -> f.endsWith("/log4j2.properties"))
          .anyMatch(f -> f.endsWith("/java17-opens.args"));
    }
  }

  /** The argument file the README shows is the project's list of Java 17 openings. */
  @Test
  void theReadmesArgumentFileIsTheProjectsOpenings() throws Exception {
    String readme = Files.readString(DIR.resolve("README.md"));
    int at = readme.indexOf("### java17-opens.args");
    assertThat(at).as("README.md has the section java17-opens.args").isNotNegative();
    Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find(at)).as("a code block in that section").isTrue();
    Matcher pom = Pattern.compile("<spark\\.java17\\.opens>(.*?)</spark\\.java17\\.opens>")
        .matcher(Files.readString(FerryProcess.REPO.resolve("pom.xml")));
    assertThat(pom.find()).as("pom.xml has spark.java17.opens").isTrue();
    assertThat(block.group(1).trim().split("\\s+")).containsExactly(pom.group(1).trim().split("\\s+"));
    assertThat(Files.readString(DIR.resolve("java17-opens.args")).trim().split("\\s+"))
        .as("the shipped java17-opens.args").containsExactly(pom.group(1).trim().split("\\s+"));
  }

  /** The README's before/after snippets of a migrated JindoDistCp action are valid actions too. */
  @Test
  void theReadmesMigrationSnippetsAreValidActions() throws Exception {
    Matcher m = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DIR.resolve("README.md")));
    int snippets = 0;
    while (m.find()) {
      String action = m.group(1);
      String name = Pattern.compile("<action name=\"([^\"]+)\"").matcher(action).results().findFirst()
          .orElseThrow(() -> new AssertionError("an <action name=...> in\n" + action)).group(1);
      String workflow = "<workflow-app xmlns=\"" + WORKFLOW_NS + "\" name=\"snippet\"><start to=\"" + name + "\"/>"
          + action + "<kill name=\"fail\"><message>failed</message></kill><end name=\"end\"/></workflow-app>";
      assertThat(errors(workflowSchema, new StreamSource(new StringReader(workflow), "README-snippet-" + snippets)))
          .as("README snippet\n" + action).isEmpty();
      snippets++;
    }
    assertThat(snippets).as("before and after").isEqualTo(2);
  }

  @Test
  void theCoordinatorWaitsForTheHourAndPassesSrcAndDest() throws Exception {
    Document coord = parse(DIR.resolve("coordinator.xml"));
    Element root = coord.getDocumentElement();
    assertThat(root.getAttribute("frequency")).isEqualTo("${coord:hours(1)}");
    Element input = (Element) coord.getElementsByTagNameNS(COORDINATOR_NS, "data-in").item(0);
    assertThat(text(input, "instance")).isEqualTo("${coord:current(0)}");
    Element dataset = null;
    NodeList datasets = coord.getElementsByTagNameNS(COORDINATOR_NS, "dataset");
    for (int i = 0; i < datasets.getLength(); i++) {
      Element d = (Element) datasets.item(i);
      if (d.getAttribute("name").equals(input.getAttribute("dataset"))) dataset = d;
    }
    assertThat(dataset).as("the input's dataset").isNotNull();
    assertThat(text(dataset, "uri-template")).contains("${YEAR}", "${MONTH}", "${DAY}", "${HOUR}");
    assertThat(text(dataset, "done-flag")).isEqualTo("_SUCCESS");

    Map<String, String> passed = new TreeMap<>();
    NodeList props = coord.getElementsByTagNameNS(COORDINATOR_NS, "property");
    for (int i = 0; i < props.getLength(); i++) {
      Element p = (Element) props.item(i);
      passed.put(text(p, "name"), text(p, "value"));
    }
    assertThat(passed).containsEntry("src", "${coord:dataIn('" + input.getAttribute("name") + "')}")
        .containsKey("dest");
  }

  /** Every variable the workflow and the coordinator use is given by job.properties or has a default. */
  @Test
  void everyVariableIsDefined() throws Exception {
    Set<String> defined = new LinkedHashSet<>(jobProperties.keySet());
    NodeList params = parse(DIR.resolve("workflow.xml")).getElementsByTagNameNS(WORKFLOW_NS, "property");
    for (int i = 0; i < params.getLength(); i++) {
      Element p = (Element) params.item(i);
      if (!children(p, "value").isEmpty()) defined.add(text(p, "name"));
    }
    defined.addAll(List.of("src", "dest")); // also set by the coordinator's action
    for (String file : List.of("workflow.xml", "coordinator.xml")) {
      Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}").matcher(Files.readString(DIR.resolve(file)));
      while (m.find()) {
        if (DATASET_VARIABLES.contains(m.group(1))) continue;
        assertThat(defined).as("${" + m.group(1) + "} in " + file).contains(m.group(1));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  static CommandLine.ParseResult parse(List<String> args) {
    assertThat(args).as("EL variables left").noneMatch(a -> a.contains("${"));
    CommandLine.ParseResult parsed;
    try {
      parsed = FerryMain.commandLine().parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("Ferry refuses the <arg>s " + args + ": " + e.getMessage(), e);
    }
    assertThat(parsed.unmatched()).as("unmatched words in " + args).isEmpty();
    assertThat(parsed.matchedPositionals()).as("bare words (refused by Ferry) in " + args).isEmpty();
    return parsed;
  }

  /** {@code ${name}} from job.properties, {@code ${wf:id()}} as a fixed id; any other EL fails. */
  static String substitute(String text) {
    Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String el = m.group(1).trim();
      String value = el.equals("wf:id()") ? WF_ID : jobProperties.get(el);
      if (value == null) fail("no sample value for ${" + el + "} in: " + text);
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** job.properties with its own ${...} references resolved, as the Oozie client does; ${user.name} is "etl". */
  static Map<String, String> jobProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    Map<String, String> raw = new TreeMap<>();
    for (String k : p.stringPropertyNames()) raw.put(k, p.getProperty(k));
    raw.put("user.name", "etl");
    Map<String, String> resolved = new TreeMap<>();
    for (String k : raw.keySet()) resolved.put(k, resolve(raw, raw.get(k), 0));
    return resolved;
  }

  private static String resolve(Map<String, String> raw, String value, int depth) {
    assertThat(depth).as("job.properties refers to itself in a loop").isLessThan(10);
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = raw.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : resolve(raw, v, depth + 1)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * How Oozie's spark action splits {@code <spark-opts>} (SparkOptionsSplitter, Oozie 5): a new
   * element starts at every {@code --word} (its {@code =}, if any, dropped), inside quotes or not;
   * a {@code key="value"} quoted at both ends and nowhere else loses its quotes.
   */
  static List<String> oozieSplit(String sparkOpts) {
    Matcher option = Pattern.compile("\\s*--[A-Za-z0-9.][-A-Za-z0-9.]*=?").matcher(sparkOpts);
    List<String> out = new ArrayList<>();
    int start = 0;
    while (option.find()) {
      if (start > 0) addValue(out, sparkOpts.substring(start, option.start()));
      String name = option.group().trim();
      out.add(name.endsWith("=") ? name.substring(0, name.length() - 1) : name);
      start = option.end();
    }
    addValue(out, sparkOpts.substring(start));
    return out;
  }

  private static void addValue(List<String> out, String value) {
    String v = value.trim();
    if (v.isEmpty()) return;
    Matcher quoted = Pattern.compile("([A-Za-z0-9.]+=)\"([^\"]+)\"").matcher(v);
    out.add(quoted.matches() ? quoted.group(1) + quoted.group(2) : v);
  }

  static List<Element> sparkActions(Document workflow) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = workflow.getElementsByTagNameNS(SPARK_NS, "spark");
    for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
    return out;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) out.add(e);
    }
    return out;
  }

  /** The text of the one child element {@code name}. */
  static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    assertThat(c).as("<" + name + "> in <" + parent.getLocalName() + ">").hasSize(1);
    return c.get(0).getTextContent().trim();
  }

  static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new InputSource(file.toUri().toString()));
  }

  /**
   * Oozie's schemas from the oozie-client jar, where they sit at the root; their includes
   * (oozie-common-1.0.xsd, a schema without namespace included by two) are served from there too.
   * The JDK's own factory: a Xerces on the classpath would otherwise be taken.
   */
  static Schema schema(String... names) throws Exception {
    ClassLoader cl = OozieExamplesIT.class.getClassLoader();
    SchemaFactory f = SchemaFactory.newDefaultInstance();
    f.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
      URL url = systemId == null ? null : cl.getResource(systemId.substring(systemId.lastIndexOf('/') + 1));
      return url == null ? null : new ClasspathInput(publicId, url);
    });
    List<Source> sources = new ArrayList<>();
    for (String n : names) {
      URL url = Objects.requireNonNull(cl.getResource(n), n + " on the classpath (org.apache.oozie:oozie-client)");
      sources.add(new StreamSource(url.openStream(), url.toExternalForm())); // the system id resolves includes
    }
    return f.newSchema(sources.toArray(Source[]::new));
  }

  static List<String> errors(Schema schema, Path file) throws Exception {
    return errors(schema, new StreamSource(file.toFile()));
  }

  /** Every error the validator reports, as "file:line:column: message". */
  static List<String> errors(Schema schema, Source source) throws Exception {
    List<String> errors = new ArrayList<>();
    Validator v = schema.newValidator();
    v.setErrorHandler(new ErrorHandler() {
      @Override public void warning(SAXParseException e) {
      }

      @Override public void error(SAXParseException e) {
        errors.add(describe(e));
      }

      @Override public void fatalError(SAXParseException e) {
        errors.add(describe(e));
      }
    });
    try {
      v.validate(source);
    } catch (SAXParseException e) {
      if (errors.isEmpty()) errors.add(describe(e)); // a fatal error stops the validation
    }
    return errors;
  }

  private static String describe(SAXParseException e) {
    return e.getSystemId() + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage();
  }

  /** An included schema: its bytes and its system id (so that its own includes resolve beside it). */
  record ClasspathInput(String publicId, URL url) implements LSInput {
    @Override public InputStream getByteStream() {
      try {
        return url.openStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public String getSystemId() {
      return url.toExternalForm();
    }

    @Override public String getPublicId() {
      return publicId;
    }

    @Override public Reader getCharacterStream() {
      return null;
    }

    @Override public String getStringData() {
      return null;
    }

    @Override public String getBaseURI() {
      return null;
    }

    @Override public String getEncoding() {
      return null;
    }

    @Override public boolean getCertifiedText() {
      return false;
    }

    @Override public void setCharacterStream(Reader r) {
    }

    @Override public void setByteStream(InputStream s) {
    }

    @Override public void setStringData(String s) {
    }

    @Override public void setSystemId(String s) {
    }

    @Override public void setPublicId(String s) {
    }

    @Override public void setBaseURI(String s) {
    }

    @Override public void setEncoding(String s) {
    }

    @Override public void setCertifiedText(boolean b) {
    }
  }
}
