package dev.ferry.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * JindoDistCp's credential flags ({@code --ossKey}, {@code --s3Secret}, {@code --endPoint}, ...):
 * each sets the matching Hadoop keys of the job; values are never printed. Hidden from --help:
 * README shows the --hadoopConf keys they stand for, which keep secrets out of process listings
 * no better, but are the form to prefer in new scripts.
 */
final class JindoCredentials {
  @Option(names = "--ossKey", paramLabel = "VALUE", hidden = true)
  String ossKey;
  @Option(names = "--ossSecret", paramLabel = "VALUE", hidden = true)
  String ossSecret;
  @Option(names = "--ossEndPoint", paramLabel = "VALUE", hidden = true)
  String ossEndPoint;
  @Option(names = "--s3Key", paramLabel = "VALUE", hidden = true)
  String s3Key;
  @Option(names = "--s3Secret", paramLabel = "VALUE", hidden = true)
  String s3Secret;
  @Option(names = "--s3EndPoint", paramLabel = "VALUE", hidden = true)
  String s3EndPoint;
  @Option(names = "--cosKey", paramLabel = "VALUE", hidden = true)
  String cosKey;
  @Option(names = "--cosSecret", paramLabel = "VALUE", hidden = true)
  String cosSecret;
  @Option(names = "--cosEndPoint", paramLabel = "VALUE", hidden = true)
  String cosEndPoint;
  @Option(names = "--obsKey", paramLabel = "VALUE", hidden = true)
  String obsKey;
  @Option(names = "--obsSecret", paramLabel = "VALUE", hidden = true)
  String obsSecret;
  @Option(names = "--obsEndPoint", paramLabel = "VALUE", hidden = true)
  String obsEndPoint;
  @Option(names = "--dlsKey", paramLabel = "VALUE", hidden = true)
  String dlsKey;
  @Option(names = "--dlsSecret", paramLabel = "VALUE", hidden = true)
  String dlsSecret;
  @Option(names = "--dlsEndPoint", paramLabel = "VALUE", hidden = true)
  String dlsEndPoint;
  @Option(names = "--key", paramLabel = "VALUE", hidden = true)
  String key;
  @Option(names = "--secret", paramLabel = "VALUE", hidden = true)
  String secret;
  @Option(names = "--endPoint", paramLabel = "VALUE", hidden = true)
  String endPoint;

  /** Flag to value, for the flags given. */
  Map<String, String> given() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "--ossKey", ossKey);
    put(m, "--ossSecret", ossSecret);
    put(m, "--ossEndPoint", ossEndPoint);
    put(m, "--s3Key", s3Key);
    put(m, "--s3Secret", s3Secret);
    put(m, "--s3EndPoint", s3EndPoint);
    put(m, "--cosKey", cosKey);
    put(m, "--cosSecret", cosSecret);
    put(m, "--cosEndPoint", cosEndPoint);
    put(m, "--obsKey", obsKey);
    put(m, "--obsSecret", obsSecret);
    put(m, "--obsEndPoint", obsEndPoint);
    put(m, "--dlsKey", dlsKey);
    put(m, "--dlsSecret", dlsSecret);
    put(m, "--dlsEndPoint", dlsEndPoint);
    put(m, "--key", key);
    put(m, "--secret", secret);
    put(m, "--endPoint", endPoint);
    return m;
  }

  private static void put(Map<String, String> m, String flag, String value) {
    if (value != null) m.put(flag, value);
  }
}
