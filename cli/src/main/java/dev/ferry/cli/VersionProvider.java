package dev.ferry.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: Ferry's version (from the jar manifest; "development build" when run from
 * classes) and the Spark, Hadoop and Java it runs on, as found on the classpath at run time.
 */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = FerryMain.class.getPackage().getImplementationVersion();
    return new String[] {
        "Ferry " + (v == null ? "development build" : v),
        "Spark " + spark() + ", Hadoop " + hadoop() + ", Java " + System.getProperty("java.version") + " ("
            + System.getProperty("java.vm.name") + ")"};
  }

  private static String spark() {
    try {
      return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    } catch (LinkageError e) {
      return "(not on the classpath)";
    }
  }

  private static String hadoop() {
    try {
      return org.apache.hadoop.util.VersionInfo.getVersion();
    } catch (LinkageError e) {
      return "(not on the classpath)";
    }
  }
}
