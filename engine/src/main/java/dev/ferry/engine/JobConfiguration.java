package dev.ferry.engine;

import dev.ferry.engine.spec.JobSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;

/** The Hadoop configuration of one job: the session's, the spec's overrides, and Ferry's defaults. */
final class JobConfiguration {
  /** HDFS checksums that do not depend on block size, so two clusters' files compare. */
  static final String COMBINE_MODE = "dfs.checksum.combine.mode";

  private JobConfiguration() {
  }

  static Configuration of(SparkContext sc, JobSpec spec) {
    Configuration conf = new Configuration(sc.hadoopConfiguration());
    spec.hadoopConf().forEach(conf::set);
    if (!spec.hadoopConf().containsKey(COMBINE_MODE)) conf.set(COMBINE_MODE, "COMPOSITE_CRC");
    return conf;
  }
}
