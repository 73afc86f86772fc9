package dev.ferry.engine.internal.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which process holds something (a job's staging, a balance job's lock): its pid, host and when
 * it last said it was alive. A holder on this host whose process is gone is dead at once; one
 * elsewhere is taken as dead when it has not renewed its mark for longer than a lease.
 */
public record ProcessOwner(long pid, String host, long renewedMillis) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = localHost();

  /** This process, now. */
  public static ProcessOwner current() {
    return new ProcessOwner(ProcessHandle.current().pid(), HOST, System.currentTimeMillis());
  }

  private static String localHost() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  public boolean isThisProcess() {
    return pid == ProcessHandle.current().pid() && HOST.equals(host);
  }

  /**
   * True when the holder is certainly or presumably gone: a process of this host that no longer
   * runs, or a mark older than {@code leaseMillis} by the store's clock or ours.
   */
  public boolean isDead(long markModifiedMillis, long leaseMillis) {
    if (HOST.equals(host) && !isThisProcess()) return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    long last = Math.max(markModifiedMillis, renewedMillis);
    return System.currentTimeMillis() - last > leaseMillis;
  }

  public String describe() {
    return "process " + pid + " on " + host;
  }

  /** This owner as a small JSON document. */
  public byte[] json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pid", pid);
    m.put("host", host);
    m.put("renewed", renewedMillis);
    try {
      return JSON.writeValueAsBytes(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes this owner as a small JSON file (replacing what is there). */
  public void write(Store store, String path) throws IOException {
    try (OutputStream out = store.create(path)) {
      out.write(json());
    }
  }

  /** The owner a file names, or null when it is missing or unreadable (a write in progress). */
  public static ProcessOwner read(Store store, String path) throws IOException {
    try (InputStream in = store.open(path)) {
      Map<?, ?> m = JSON.readValue(in, Map.class);
      return new ProcessOwner(((Number) m.get("pid")).longValue(), String.valueOf(m.get("host")),
          ((Number) m.get("renewed")).longValue());
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      return null;
    } catch (com.fasterxml.jackson.core.JacksonException | RuntimeException e) {
      return null;
    }
  }
}
