package dev.ferry.cli;

import dev.ferry.engine.JobSpecException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --hadoopConf KEY=VALUE}, repeatable: shared by every command that touches a filesystem. */
final class HadoopConfOption {
  @Option(names = "--hadoopConf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "Hadoop configuration for this run (repeatable), e.g. fs.s3a.endpoint=http://host:9000. "
          + "Values are never printed.")
  Map<String, String> entries = new LinkedHashMap<>();

  /** The entries, each checked to have the form key=value. */
  Map<String, String> values() {
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new JobSpecException("Cannot use --hadoopConf " + e.getKey() + ": it needs the form key=value");
      }
    }
    return Collections.unmodifiableMap(entries);
  }
}
