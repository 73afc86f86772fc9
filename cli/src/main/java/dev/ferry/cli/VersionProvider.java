package dev.ferry.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = FerryMain.class.getPackage().getImplementationVersion();
    return new String[] {"Ferry " + (v == null ? "development build" : v)};
  }
}
