package dev.ferry.engine.internal;

import dev.ferry.engine.internal.spec.JobSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;

/** The Hadoop configuration of one job: the session's, the spec's overrides, and Ferry's defaults. */
final class JobConfiguration {
  /** HDFS checksums that do not depend on block size, so two clusters' files compare. */
  static final String COMBINE_MODE = "dfs.checksum.combine.mode";
  static final String S3_ETAG = "fs.s3a.etag.checksum.enabled";
  static final String OSS_IMPL = "fs.oss.impl";

  private JobConfiguration() {
  }

  static Configuration of(SparkContext sc, JobSpec spec) {
    Configuration conf = new Configuration(sc.hadoopConfiguration());
    spec.hadoopConf().forEach(conf::set);
    if (!spec.hadoopConf().containsKey(COMBINE_MODE)) conf.set(COMBINE_MODE, "COMPOSITE_CRC");
    // S3 ETags as checksums: equal ETags mean equal objects; see NativeChecksum for the rest
    if (!spec.hadoopConf().containsKey(S3_ETAG)) conf.setBoolean(S3_ETAG, true);
    // hadoop-aliyun is not registered in core-default.xml: make oss:// work out of the box
    if (conf.get(OSS_IMPL) == null) conf.set(OSS_IMPL, "org.apache.hadoop.fs.aliyun.oss.AliyunOSSFileSystem");
    return conf;
  }
}
