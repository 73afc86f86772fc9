package dev.ferry.tests;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real S3-compatible server (S3Proxy 4.1.0 with its filesystem store) on 127.0.0.1, in its own
 * class loader, reached through {@code s3a://} with path-style access.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS = "ferry-access";
  public static final String SECRET = "ferry-secret-key";
  private final Object proxy;
  private final Method stop;
  private final int port;

  public S3Server(Path baseDir, String... buckets) throws Exception {
    Path jar = Path.of(System.getProperty("ferry.test.target", "target"), "s3proxy", "s3proxy.jar");
    if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing; run the tests through Maven");
    for (String b : buckets) Files.createDirectories(baseDir.resolve(b));
    URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(cl);
    try {
      Object blobStore = cl.loadClass("org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore")
          .getConstructor(String.class).newInstance(baseDir.toString());
      Class<?> s3proxy = cl.loadClass("org.gaul.s3proxy.S3Proxy");
      Object builder = s3proxy.getMethod("builder").invoke(null);
      Class<?> b = builder.getClass();
      b.getMethod("blobStore", cl.loadClass("org.gaul.s3proxy.blobstore.BlobStore")).invoke(builder, blobStore);
      b.getMethod("endpoint", URI.class).invoke(builder, URI.create("http://127.0.0.1:0"));
      Class<?> auth = cl.loadClass("org.gaul.s3proxy.auth.AuthenticationType");
      Object v2v4 = auth.getMethod("valueOf", String.class).invoke(null, "AWS_V2_OR_V4");
      b.getMethod("awsAuthentication", auth, String.class, String.class).invoke(builder, v2v4, ACCESS, SECRET);
      proxy = b.getMethod("build").invoke(builder);
      s3proxy.getMethod("start").invoke(proxy);
      Method state = s3proxy.getMethod("getState");
      for (int i = 0; i < 200 && !"STARTED".equals(state.invoke(proxy)); i++) Thread.sleep(25);
      port = (Integer) s3proxy.getMethod("getPort").invoke(proxy);
      stop = s3proxy.getMethod("stop");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The S3A settings a job needs to reach this server. */
  public Map<String, String> s3aConf() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fs.s3a.endpoint", endpoint());
    m.put("fs.s3a.endpoint.region", "us-east-1");
    m.put("fs.s3a.path.style.access", "true");
    m.put("fs.s3a.connection.ssl.enabled", "false");
    m.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    m.put("fs.s3a.access.key", ACCESS);
    m.put("fs.s3a.secret.key", SECRET);
    m.put("fs.s3a.attempts.maximum", "2");
    m.put("fs.s3a.retry.limit", "2");
    m.put("fs.s3a.multipart.size", "5M");
    m.put("fs.s3a.multipart.threshold", "5M");
    return m;
  }

  public FileSystem fs(String bucket) throws IOException {
    Configuration conf = new Configuration();
    s3aConf().forEach(conf::set);
    return FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf);
  }

  @Override
  public void close() throws Exception {
    stop.invoke(proxy);
  }
}
