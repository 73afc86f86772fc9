// SnapshotDiffBench: the HDFS side of bench/snapdiff.sh (a single-file Java program; run it with the
// tests' classpath, Hadoop 3.4.1 with MiniDFSCluster, and the JVM's --add-opens list):
//
//   java -cp CP bench/SnapshotDiffBench.java serve PORT BASEDIR     a MiniDFSCluster (1 datanode, NameNode on
//                                                                    127.0.0.1:PORT, permissions off); prints
//                                                                    "READY hdfs://127.0.0.1:PORT", then serves until killed
//   ... setup URI N THREADS [COPY...]            /bench/src: N files of 100-1000 bytes in N/100 folders, snapshottable,
//                                                snapshot s1; each COPY (a folder) gets the same files
//   ... mutate URI PERCENT FROM TO [SEED]        changes PERCENT % of /bench/src's files (appends, same-length and
//                                                new-length rewrites, deletions, renames, creations, one folder
//                                                deleted, one folder renamed with changes inside), then snapshot TO
//                                                (FROM must exist: it names the state mutated); prints "CHANGED n ..."
//   ... snap URI PATH NAME                       allowSnapshot PATH and create snapshot NAME (DistCp -diff's target)
//   ... verify URI EXPECTED SINCE_MS ACTUAL...    each ACTUAL holds the folders and files of EXPECTED, of the same
//                                                lengths and COMPOSITE_CRC checksums (of all files when SINCE_MS is 0,
//                                                else of those written since on either side and one in 50 of the
//                                                others): a line "EQUAL ACTUAL ..." or the first differences and
//                                                "DIFFERENT ACTUAL ..." each; exit 1 if any differs
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.SnapshottableDirectoryStatus;

public class SnapshotDiffBench {
  static final String SRC = "/bench/src";

  public static void main(String[] args) throws Exception {
    if (args.length == 0) usage();
    switch (args[0]) {
      case "serve" -> serve(Integer.parseInt(args[1]), args[2]);
      case "setup" -> setup(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Arrays.copyOfRange(args, 4, args.length));
      case "mutate" -> mutate(args[1], Double.parseDouble(args[2]), args[3], args[4],
          args.length > 5 ? Long.parseLong(args[5]) : 42L);
      case "snap" -> snap(args[1], args[2], args[3]);
      case "verify" -> System.exit(verify(args[1], args[2], Long.parseLong(args[3]), Arrays.copyOfRange(args, 4, args.length)));
      default -> usage();
    }
  }

  static void usage() {
    System.err.println("usage: SnapshotDiffBench serve PORT BASEDIR | setup URI N THREADS [COPY...] | mutate URI PERCENT"
        + " FROM TO [SEED] | snap URI PATH NAME | verify URI EXPECTED SINCE_MS ACTUAL...");
    System.exit(2);
  }

  static Configuration clientConf() {
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 1);
    conf.set("dfs.checksum.combine.mode", "COMPOSITE_CRC");
    // a close waits for the datanode's report of the last block, polling from 400 ms on by default: on
    // this one-datanode cluster, under load, nearly every close would sleep that long
    conf.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", System.getProperty("close.delay.ms", "10"));
    conf.set("dfs.client.block.write.locateFollowingBlock.retries", "12");
    return conf;
  }

  static DistributedFileSystem fs(String uri) throws IOException {
    return (DistributedFileSystem) FileSystem.newInstance(URI.create(uri), clientConf());
  }

  // ------------------------------------------------------------------------------------------------ serve
  static void serve(int port, String baseDir) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir);
    conf.setBoolean("dfs.permissions.enabled", false);
    conf.setBoolean("dfs.webhdfs.enabled", false);
    conf.setInt("dfs.replication", 1);
    conf.setInt("dfs.namenode.handler.count", 20);
    conf.setInt("dfs.datanode.handler.count", 20);
    // a file closes once its last block is written, without waiting for the datanode's report of it
    // (else each close sleeps 400 ms and more on this 2-core machine: 40 files/s with 16 writers)
    conf.setInt("dfs.namenode.file.close.num-committed-allowed", 1);
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).nameNodePort(port).numDataNodes(1).format(true).build();
    cluster.waitActive();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> cluster.shutdown(false)));
    System.out.println("READY hdfs://127.0.0.1:" + cluster.getNameNodePort());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  // ------------------------------------------------------------------------------------------------ setup
  static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static void write(FileSystem fs, Path p, byte[] data) throws IOException {
    try (OutputStream out = fs.create(p, true, 4096, (short) 1, fs.getDefaultBlockSize(p))) {
      out.write(data);
    }
  }

  static void setup(String uri, int n, int threads, String[] copies) throws Exception {
    long t0 = System.nanoTime();
    int dirs = Math.max(1, n / 100);
    try (DistributedFileSystem fs = fs(uri)) {
      Path root = new Path(SRC);
      if (fs.exists(root)) throw new IllegalStateException(SRC + " exists already");
      List<Path> roots = new ArrayList<>(List.of(root));
      for (String c : copies) roots.add(new Path(c));
      for (Path r : roots) {
        for (int d = 0; d < dirs; d++) fs.mkdirs(new Path(r, String.format("d%04d", d)));
      }
      AtomicLong done = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> fut = new ArrayList<>();
      int chunk = 500;
      for (int start = 0; start < n; start += chunk) {
        int s = start;
        fut.add(pool.submit(() -> {
          for (int i = s; i < Math.min(n, s + chunk); i++) {
            Random r = new Random(i);
            byte[] data = bytes(r, 100 + r.nextInt(901));
            for (Path t : roots) write(fs, new Path(t, String.format("d%04d/f%07d", i % dirs, i)), data);
            long c = done.incrementAndGet();
            if (c % 10000 == 0) {
              System.err.printf("setup: %d files, %.0f s%n", c, (System.nanoTime() - t0) / 1e9);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fut) f.get();
      pool.shutdown();
      fs.allowSnapshot(root);
      fs.createSnapshot(root, "s1");
    }
    System.out.printf("SETUP files=%d folders=%d copies=%s seconds=%.1f%n", n, dirs, String.join(",", copies),
        (System.nanoTime() - t0) / 1e9);
  }

  // ------------------------------------------------------------------------------------------------ mutate
  static List<Path> listFiles(FileSystem fs, Path root, List<Path> dirsOut) throws IOException {
    List<Path> files = new ArrayList<>();
    Deque<Path> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      for (FileStatus st : fs.listStatus(todo.poll())) {
        if (st.isDirectory()) {
          todo.add(st.getPath());
          if (dirsOut != null) dirsOut.add(st.getPath());
        } else {
          files.add(st.getPath());
        }
      }
    }
    Collections.sort(files);
    if (dirsOut != null) Collections.sort(dirsOut);
    return files;
  }

  static void mutate(String uri, double percent, String from, String to, long seed) throws Exception {
    long t0 = System.nanoTime();
    try (DistributedFileSystem fs = fs(uri)) {
      Path root = new Path(SRC);
      if (!fs.exists(new Path(root, ".snapshot/" + from))) throw new IllegalStateException(SRC + " has no snapshot " + from);
      List<Path> dirs = new ArrayList<>();
      List<Path> files = listFiles(fs, root, dirs);
      int n = files.size();
      int c = (int) Math.max(1, Math.round(n * percent / 100.0));
      Random r = new Random(seed ^ to.hashCode());
      // one folder deleted and one renamed (each about 100 files) when the change is large enough
      Path delDir = null;
      Path renDir = null;
      if (c >= 200 && dirs.size() >= 3) {
        List<Path> shuffledDirs = new ArrayList<>(dirs);
        Collections.shuffle(shuffledDirs, r);
        delDir = shuffledDirs.get(0);
        renDir = shuffledDirs.get(1);
      }
      final Path deletedDir = delDir;
      List<Path> pool = new ArrayList<>();
      for (Path p : files) if (deletedDir == null || !p.getParent().equals(deletedDir)) pool.add(p);
      Collections.shuffle(pool, r);
      int folderFiles = 0;
      if (delDir != null) folderFiles += fs.listStatus(delDir).length;
      if (renDir != null) folderFiles += fs.listStatus(renDir).length;
      int budget = Math.max(1, c - folderFiles); // per-file changes, so that about PERCENT % of the files change
      int nAppend = (int) (budget * 0.375);
      int nSame = (int) (budget * 0.1875);
      int nResize = (int) (budget * 0.125);
      int nDelete = (int) (budget * 0.0625);
      int nRename = (int) (budget * 0.025);
      int nCreate = Math.max(1, budget - nAppend - nSame - nResize - nDelete - nRename);
      int k = 0;
      List<Path> append = pool.subList(k, k += nAppend);
      List<Path> same = pool.subList(k, k += nSame);
      List<Path> resize = pool.subList(k, k += nResize);
      List<Path> delete = pool.subList(k, k += nDelete);
      List<Path> rename = pool.subList(k, k += nRename);
      ExecutorService ex = Executors.newFixedThreadPool(16);
      List<Future<?>> fut = new ArrayList<>();
      long salt = r.nextLong();
      for (Path p : append) fut.add(ex.submit(() -> {
        try (FSDataOutputStream out = fs.append(p)) {
          Random rr = new Random(p.hashCode() ^ salt);
          out.write(bytes(rr, 50 + rr.nextInt(151)));
        }
        return null;
      }));
      for (Path p : same) fut.add(ex.submit(() -> { // same length, other content: only a checksum tells
        long len = fs.getFileStatus(p).getLen();
        write(fs, p, bytes(new Random(p.hashCode() ^ salt), (int) len));
        return null;
      }));
      for (Path p : resize) fut.add(ex.submit(() -> {
        Random rr = new Random(p.hashCode() ^ salt);
        write(fs, p, bytes(rr, 100 + rr.nextInt(901)));
        return null;
      }));
      for (Path p : delete) fut.add(ex.submit(() -> fs.delete(p, false)));
      for (Future<?> f : fut) f.get();
      fut.clear();
      for (Path p : rename) {
        if (!fs.rename(p, new Path(p.getParent(), p.getName() + ".r-" + to))) throw new IOException("rename " + p);
      }
      if (delDir != null && !fs.delete(delDir, true)) throw new IOException("delete " + delDir);
      Path renamedTo = null;
      if (renDir != null) {
        renamedTo = new Path(renDir.getParent(), renDir.getName() + "-r-" + to);
        if (!fs.rename(renDir, renamedTo)) throw new IOException("rename " + renDir);
      }
      // creations: most in existing folders (two in the renamed one), a sixth in a new folder
      List<Path> live = new ArrayList<>(dirs);
      live.remove(delDir);
      live.remove(renDir);
      if (renamedTo != null) live.add(renamedTo);
      int inNewDir = nCreate / 6;
      for (int i = 0; i < nCreate; i++) {
        Path parent = i < inNewDir ? new Path(root, "n-" + to)
            : (i < inNewDir + 2 && renamedTo != null) ? renamedTo : live.get(r.nextInt(live.size()));
        Path p = new Path(parent, "new-" + to + "-" + i);
        long s = r.nextLong();
        fut.add(ex.submit(() -> {
          Random rr = new Random(s);
          write(fs, p, bytes(rr, 100 + rr.nextInt(901)));
          return null;
        }));
      }
      for (Future<?> f : fut) f.get();
      ex.shutdown();
      fs.createSnapshot(root, to);
      int changed = nAppend + nSame + nResize + nDelete + nRename + nCreate + folderFiles;
      System.out.printf("CHANGED %d of %d files (%.2f %%): appended=%d rewritten_same_length=%d rewritten_new_length=%d "
              + "deleted=%d renamed=%d created=%d folder_deleted=%s folder_renamed=%s->%s (%d files in both folders), "
              + "snapshot %s, %.1f s%n", changed, n, 100.0 * changed / n, nAppend, nSame, nResize, nDelete, nRename,
          nCreate, delDir == null ? "-" : delDir.getName(), renDir == null ? "-" : renDir.getName(),
          renamedTo == null ? "-" : renamedTo.getName(), folderFiles, to, (System.nanoTime() - t0) / 1e9);
    }
  }

  // ------------------------------------------------------------------------------------------------ snap
  static void snap(String uri, String path, String name) throws Exception {
    try (DistributedFileSystem fs = fs(uri)) {
      Path p = new Path(path);
      boolean snapshottable = false;
      SnapshottableDirectoryStatus[] list = fs.getSnapshottableDirListing();
      if (list != null) {
        for (SnapshottableDirectoryStatus s : list) snapshottable |= s.getFullPath().toUri().getPath().equals(p.toUri().getPath());
      }
      if (!snapshottable) fs.allowSnapshot(p);
      fs.createSnapshot(p, name);
      System.out.println("SNAPSHOT " + path + "/.snapshot/" + name);
    }
  }

  // ------------------------------------------------------------------------------------------------ verify
  record Entry(boolean dir, long len, long mtime) {
  }

  static Map<String, Entry> tree(FileSystem fs, Path root) throws IOException {
    Map<String, Entry> out = new TreeMap<>();
    String prefix = fs.getFileStatus(root).getPath().toUri().getPath();
    Deque<Path> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      for (FileStatus st : fs.listStatus(todo.poll())) {
        String rel = st.getPath().toUri().getPath().substring(prefix.length() + 1);
        out.put(rel, new Entry(st.isDirectory(), st.isDirectory() ? 0 : st.getLen(), st.getModificationTime()));
        if (st.isDirectory()) todo.add(st.getPath());
      }
    }
    return out;
  }

  /**
   * Each ACTUAL against EXPECTED: the same folders and files of the same lengths, and the same
   * COMPOSITE_CRC checksums: of every file when SINCE_MS is 0, else of the files written since then on
   * either side (the changes and whatever a tool wrote) and of one file in 50 of the others.
   */
  static int verify(String uri, String expected, long since, String[] actuals) throws Exception {
    int failed = 0;
    try (DistributedFileSystem fs = fs(uri)) {
      Path e = new Path(expected);
      Map<String, Entry> te = tree(fs, e);
      long nFiles = te.values().stream().filter(x -> !x.dir()).count();
      Map<String, CompletableFuture<FileChecksum>> expectedSums = new ConcurrentHashMap<>();
      ExecutorService ex = Executors.newFixedThreadPool(16);
      for (String actual : actuals) {
        long t0 = System.nanoTime();
        Path a = new Path(actual);
        Map<String, Entry> ta = tree(fs, a);
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        Set<String> all = new TreeSet<>(te.keySet());
        all.addAll(ta.keySet());
        List<String> files = new ArrayList<>();
        for (String k : all) {
          Entry x = te.get(k);
          Entry y = ta.get(k);
          if (x == null) bad.add("extra " + k);
          else if (y == null) bad.add("missing " + k);
          else if (x.dir() != y.dir()) bad.add("kind " + k);
          else if (x.len() != y.len()) bad.add("length " + k + " " + x.len() + " != " + y.len());
          else if (!x.dir() && (since == 0 || x.mtime() >= since || y.mtime() >= since || (k.hashCode() & 0x7fffffff) % 50 == 0)) {
            files.add(k);
          }
        }
        List<Future<?>> fut = new ArrayList<>();
        for (String k : files) fut.add(ex.submit(() -> {
          CompletableFuture<FileChecksum> mine = new CompletableFuture<>();
          CompletableFuture<FileChecksum> fe = expectedSums.putIfAbsent(k, mine);
          if (fe == null) {
            fe = mine;
            try {
              mine.complete(fs.getFileChecksum(new Path(e, k)));
            } catch (IOException err) {
              mine.completeExceptionally(err);
            }
          }
          FileChecksum ce = fe.get();
          FileChecksum ca = fs.getFileChecksum(new Path(a, k));
          if (ce == null || !ce.equals(ca)) bad.add("content " + k + " " + ce + " != " + ca);
          return null;
        }));
        for (Future<?> f : fut) f.get();
        if (bad.isEmpty()) {
          System.out.printf("EQUAL %s = %s: %d files, %d folders, %d checksums compared, %.1f s%n", actual, expected, nFiles,
              te.size() - nFiles, files.size(), (System.nanoTime() - t0) / 1e9);
        } else {
          failed++;
          List<String> sorted = new ArrayList<>(bad);
          Collections.sort(sorted);
          for (String b : sorted.subList(0, Math.min(20, sorted.size()))) System.out.println("  " + b);
          System.out.printf("DIFFERENT %s != %s: %d differences (%d files expected)%n", actual, expected, bad.size(), nFiles);
        }
      }
      ex.shutdown();
    }
    return failed == 0 ? 0 : 1;
  }
}
