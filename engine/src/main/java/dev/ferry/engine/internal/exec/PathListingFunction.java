package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreEntry;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * The listing rows of named paths instead of a whole tree (a manifest's files, the paths a
 * snapshot diff touched): each path is looked up under the root; a folder marked for it is listed
 * with everything under it. A path is written {@code +rel} (a folder brings its subtree) or
 * {@code =rel} (the entry alone). A source path that is gone is a failure of that file, counted
 * in COPY_FAILED; a destination path that is gone is just absent.
 */
public final class PathListingFunction implements FlatMapFunction<Iterator<String>, Row> {
  private static final long serialVersionUID = 1L;

  private final ResolvedJob job;
  private final StoreLocation root;
  private final boolean destination;
  private final String missingNote;
  private final Broadcast<SerializableConfiguration> conf;

  /** @param missingNote the failure of a source path that is gone (what named it) */
  public PathListingFunction(ResolvedJob job, StoreLocation root, boolean destination, String missingNote,
                             Broadcast<SerializableConfiguration> conf) {
    this.job = job;
    this.root = root;
    this.destination = destination;
    this.missingNote = missingNote;
    this.conf = conf;
  }

  /** A path whose folder (if it is one) brings everything under it. */
  public static String tree(String rel) {
    return "+" + rel;
  }

  /** A path taken alone. */
  public static String entry(String rel) {
    return "=" + rel;
  }

  @Override
  public Iterator<Row> call(Iterator<String> paths) throws IOException {
    Configuration c = conf.value().get();
    List<Row> out = new ArrayList<>();
    try (Store store = root.open(c)) {
      while (paths.hasNext()) {
        look(store, root, paths.next(), destination, missingNote, job, c, e -> {
          synchronized (out) {
            out.add(ListingFunction.row(e));
          }
        });
      }
    }
    return out.iterator();
  }

  /** The entries of one named path ({@code +rel} or {@code =rel}) under {@code root}, handed to {@code sink}. */
  public static void look(Store store, StoreLocation root, String given, boolean destination, String missingNote,
                          ResolvedJob job, Configuration c, java.util.function.Consumer<ListedEntry> sink)
      throws IOException {
    if (given == null || given.length() < 2) return;
    boolean subtree = given.charAt(0) == '+';
    String rel = given.substring(1);
    StoreEntry e = store.stat(Store.join(root.path(), rel));
    if (e == null) {
      if (!destination) sink.accept(new ListedEntry(rel, ListedEntry.Kind.UNLISTABLE, 0, missingNote));
      return;
    }
    if (e.special()) {
      if (!destination) {
        sink.accept(new ListedEntry(rel, ListedEntry.Kind.SPECIAL, 0, "not a regular file (a named pipe, socket or device)"));
      }
      return;
    }
    if (!e.directory()) {
      sink.accept(destination ? ListedEntry.file(rel, e.length(), e.etag()) : ListedEntry.file(rel, e.length()));
      return;
    }
    sink.accept(ListedEntry.directory(rel));
    if (!subtree) return;
    try {
      TreeLister.stream(store, root.path(), List.of(rel), Listings.filter(job, destination), Listings.threads(c, root),
          destination, Long.MAX_VALUE, sink, unlisted -> { });
    } catch (UncheckedIOException ex) {
      throw ex.getCause();
    }
  }
}
