package dev.ferry.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;

/** The places of the contract's store pairs, on the components a class's {@link TestStores} started. */
final class Places {
  private Places() {
  }

  static Place local(TestStores stores, String name) {
    try {
      return Place.local(stores.newFolder(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Place hdfs(TestStores stores, String root) {
    try {
      return Place.hadoop("hdfs", stores.hdfs().uri(), root, stores.hdfs().fs(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Place s3(TestStores stores, String root) {
    try {
      FileSystem fs = stores.s3().fs(TestStores.BUCKET);
      return Place.hadoop("s3", "s3a://" + TestStores.BUCKET, root, fs, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Place oss(TestStores stores, String root) {
    try {
      return Place.hadoop("oss", "oss://" + TestStores.BUCKET, root, stores.ossFs(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
