import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.concurrent.atomic.AtomicLong;

/**
 * java CountingRelay.java LISTEN_PORT TARGET_PORT STATS_FILE
 * TCP relay 127.0.0.1:LISTEN_PORT -> 127.0.0.1:TARGET_PORT. Counts client->server bytes and
 * case-insensitive occurrences of "x-amz-copy-source:" in the client->server stream.
 * Rewrites STATS_FILE ("bytes_up copy_requests") every 200 ms; STATS_FILE.ext gets
 * "bytes_up copy_requests bytes_down connections requests" (requests = "\r\nhost:" occurrences).
 */
public class CountingRelay {
    static final AtomicLong up = new AtomicLong(), down = new AtomicLong(), copies = new AtomicLong(),
            conns = new AtomicLong(), requests = new AtomicLong();

    /** Streaming case-insensitive matcher; patterns have no proper border except trivial ones. */
    static final class Matcher {
        final byte[] p; int state; final AtomicLong hits;
        Matcher(String s, AtomicLong hits) { p = s.getBytes(StandardCharsets.US_ASCII); this.hits = hits; }
        void feed(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                int c = b[i] & 0xff;
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c == p[state]) {
                    if (++state == p.length) { hits.incrementAndGet(); state = 0; }
                } else {
                    state = (c == p[0]) ? 1 : 0;
                }
            }
        }
    }

    public static void main(String[] a) throws Exception {
        int listen = Integer.parseInt(a[0]), target = Integer.parseInt(a[1]);
        Path stats = Paths.get(a[2]), ext = Paths.get(a[2] + ".ext");
        Thread w = new Thread(() -> {
            while (true) {
                try {
                    write(stats, up.get() + " " + copies.get() + "\n");
                    write(ext, up.get() + " " + copies.get() + " " + down.get() + " " + conns.get() + " "
                            + requests.get() + "\n");
                    Thread.sleep(200);
                } catch (Exception e) { e.printStackTrace(); }
            }
        }, "stats");
        w.setDaemon(true);
        w.start();
        try (ServerSocket ss = new ServerSocket()) {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen), 512);
            while (true) {
                Socket c = ss.accept();
                conns.incrementAndGet();
                Socket s;
                try {
                    s = new Socket(InetAddress.getLoopbackAddress(), target);
                } catch (IOException e) { c.close(); continue; }
                c.setTcpNoDelay(true); s.setTcpNoDelay(true);
                Matcher copy = new Matcher("x-amz-copy-source:", copies);
                Matcher host = new Matcher("\r\nhost:", requests);
                java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
                pump(c, s, true, copy, host, done);
                pump(s, c, false, null, null, done);
            }
        }
    }

    static void write(Path p, String s) throws IOException {
        Path t = p.resolveSibling(p.getFileName() + ".tmp");
        Files.write(t, s.getBytes(StandardCharsets.US_ASCII));
        Files.move(t, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void pump(Socket from, Socket to, boolean upstream, Matcher m1, Matcher m2,
                     java.util.concurrent.atomic.AtomicInteger done) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            try {
                // not try-with-resources: closing a socket stream closes the whole socket
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (upstream) {
                        up.addAndGet(n);
                        m1.feed(buf, 0, n);
                        m2.feed(buf, 0, n);
                    } else {
                        down.addAndGet(n);
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
            } finally {
                try { to.shutdownOutput(); } catch (IOException ignored) { }
                try { from.shutdownInput(); } catch (IOException ignored) { }
                if (done.incrementAndGet() == 2) {
                    try { from.close(); } catch (IOException ignored) { }
                    try { to.close(); } catch (IOException ignored) { }
                }
            }
        }, upstream ? "up" : "down");
        t.setDaemon(true);
        t.start();
    }
}
