package dev.ferry.tests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real NameNode and DataNode in this JVM, on loopback, in a fresh directory. */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;

  public MiniHdfs(Path baseDir) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
    conf.setBoolean("dfs.webhdfs.enabled", false);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 512);
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  /**
   * A cluster whose NameNode runs as {@code superuser}, so that this process's own user (which
   * Spark's tasks run as) is an ordinary user and permissions apply to it.
   */
  public static MiniHdfs startedBy(String superuser, Path baseDir) throws Exception {
    return org.apache.hadoop.security.UserGroupInformation.createRemoteUser(superuser)
        .doAs((java.security.PrivilegedExceptionAction<MiniHdfs>) () -> new MiniHdfs(baseDir));
  }

  /** hdfs://127.0.0.1:port */
  public String uri() {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  public FileSystem fs() throws IOException {
    return cluster.getFileSystem();
  }

  /** Writes a file with a chosen block size (checksums must not depend on it). */
  public void write(String path, byte[] data, long blockSize) throws IOException {
    FileSystem fs = fs();
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(path), true, 4096, (short) 1, blockSize)) {
      out.write(data);
    }
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
