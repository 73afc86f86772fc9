package dev.ferry.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a server that counts what clients send: all bytes, and the
 * server-side copy requests (the {@code x-amz-copy-source} header S3A sends for every rename).
 */
public final class CountingProxy implements AutoCloseable {
  private static final byte[] COPY_HEADER = "x-amz-copy-source:".getBytes(StandardCharsets.US_ASCII);
  private final ServerSocket server;
  private final int targetPort;
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong copyRequests = new AtomicLong();
  private final AtomicLong contentGets = new AtomicLong();
  private final AtomicLong heads = new AtomicLong();
  private static final java.util.regex.Pattern CONTENT_GET = java.util.regex.Pattern.compile(
      "GET /[^?\\s]*[^/?\\s] HTTP/1\\.[01]\r?");

  public CountingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "counting-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public long bytesUp() {
    return bytesUp.get();
  }

  /** GET requests for an object's content (no query: not a listing), e.g. what an update downloads to compare. */
  public long contentGets() {
    return contentGets.get();
  }

  /** HEAD requests (an object's metadata). */
  public long heads() {
    return heads.get();
  }

  public long copyRequests() {
    return copyRequests.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        pump(client, upstream, true);
        pump(upstream, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean up) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[65536];
      int matched = 0;
      StringBuilder line = new StringBuilder();
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          if (up) {
            bytesUp.addAndGet(n);
            for (int i = 0; i < n; i++) {
              char ch = (char) (buf[i] & 0xff);
              if (ch == '\n') {
                if (CONTENT_GET.matcher(line).matches()) contentGets.incrementAndGet();
                if (line.length() > 6 && line.charAt(0) == 'H' && line.indexOf("HEAD /") == 0) heads.incrementAndGet();
                line.setLength(0);
              } else if (line.length() < 2048) {
                line.append(ch);
              }
              byte c = (byte) Character.toLowerCase((char) (buf[i] & 0xff));
              matched = c == COPY_HEADER[matched] ? matched + 1 : (c == COPY_HEADER[0] ? 1 : 0);
              if (matched == COPY_HEADER.length) {
                copyRequests.incrementAndGet();
                matched = 0;
              }
            }
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // connection closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, up ? "proxy-up" : "proxy-down");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
