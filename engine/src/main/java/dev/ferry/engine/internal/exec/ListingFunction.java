package dev.ferry.engine.internal.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.ListingFilter;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * An executor's share of a large listing: the subtrees under its folders, listed with many
 * listings in flight and written as one file of JSON lines ({@code p} path, {@code k} kind,
 * {@code l} length, {@code n} note) under the listing folder, moved into place only when the
 * task finishes (a retried attempt never leaves a half or a double). Returns the entries listed.
 */
public final class ListingFunction implements FlatMapFunction<Iterator<String>, Long> {
  private static final long serialVersionUID = 1L;
  private static final ObjectWriter JSON = new ObjectMapper().writer();

  private final ResolvedJob job;
  private final StoreLocation root;
  private final boolean destination;
  private final StoreLocation folder;
  private final Broadcast<SerializableConfiguration> conf;

  public ListingFunction(ResolvedJob job, StoreLocation root, boolean destination, StoreLocation folder,
                         Broadcast<SerializableConfiguration> conf) {
    this.job = job;
    this.root = root;
    this.destination = destination;
    this.folder = folder;
    this.conf = conf;
  }

  /** One listing line. */
  public static String line(ListedEntry e) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p", e.relPath());
    m.put("k", String.valueOf(e.kind().code()));
    m.put("l", e.length());
    if (e.note() != null) m.put("n", e.note());
    return JSON.writeValueAsString(m);
  }

  /** Writes entries as one listing file, under a temporary name first. */
  public static long write(Store store, StoreLocation folder, String name, Writes entries) throws IOException {
    String tmp = Store.join(folder.path(), "." + name + "." + java.util.UUID.randomUUID() + ".tmp");
    long[] count = {0};
    try (Writer out = new BufferedWriter(new OutputStreamWriter(store.create(tmp), StandardCharsets.UTF_8), 1 << 16)) {
      entries.to(e -> {
        try {
          String line = line(e);
          synchronized (out) {
            out.write(line);
            out.write('\n');
            count[0]++;
          }
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
    } catch (UncheckedIOException e) {
      store.delete(tmp);
      throw e.getCause();
    }
    store.replace(tmp, Store.join(folder.path(), name));
    return count[0];
  }

  /** Produces the entries of one listing file. */
  public interface Writes {
    void to(java.util.function.Consumer<ListedEntry> sink) throws IOException;
  }

  @Override
  public Iterator<Long> call(Iterator<String> folders) throws IOException {
    List<String> starts = new ArrayList<>();
    folders.forEachRemaining(starts::add);
    if (starts.isEmpty()) return List.<Long>of().iterator();
    Configuration c = conf.value().get();
    TaskContext tc = TaskContext.get();
    String name = String.format("part-%05d.jsonl", tc == null ? 0 : tc.partitionId());
    try (Store store = root.open(c); Store out = folder.open(c)) {
      ListingFilter filter = Listings.filter(job, root);
      long n = write(out, folder, name, sink -> {
        // an object store lists a prefix flat (no request per folder); elsewhere the tree is walked
        if (!TreeLister.streamFlat(store, root.path(), starts, filter, destination, sink)) {
          TreeLister.stream(store, root.path(), starts, filter, Listings.threads(c, root), destination, Long.MAX_VALUE,
              sink, unlisted -> { });
        }
      });
      return List.of(n).iterator();
    }
  }
}
