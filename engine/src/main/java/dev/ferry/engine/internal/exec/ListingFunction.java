package dev.ferry.engine.internal.exec;

import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.ListingFilter;
import dev.ferry.engine.internal.plan.Listings;
import dev.ferry.engine.internal.plan.TreeLister;
import dev.ferry.engine.internal.spec.ResolvedJob;
import dev.ferry.engine.internal.store.Store;
import dev.ferry.engine.internal.store.StoreLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * An executor's share of a large listing: the subtrees under its folders, listed with many
 * listings in flight (object stores: one flat listing per folder), as rows of
 * {@link WorkRows#LISTING}. Spark writes them (with the driver's part) as the job's listing files.
 */
public final class ListingFunction implements FlatMapFunction<Iterator<String>, Row> {
  private static final long serialVersionUID = 1L;

  private final ResolvedJob job;
  private final StoreLocation root;
  private final boolean destination;
  private final Broadcast<SerializableConfiguration> conf;

  public ListingFunction(ResolvedJob job, StoreLocation root, boolean destination,
                         Broadcast<SerializableConfiguration> conf) {
    this.job = job;
    this.root = root;
    this.destination = destination;
    this.conf = conf;
  }

  /** One listing row. */
  public static Row row(ListedEntry e) {
    return RowFactory.create(e.relPath(), String.valueOf(e.kind().code()), e.length(), e.note());
  }

  @Override
  public Iterator<Row> call(Iterator<String> folders) {
    List<String> starts = new ArrayList<>();
    folders.forEachRemaining(starts::add);
    if (starts.isEmpty()) return List.<Row>of().iterator();
    Configuration c = conf.value().get();
    // the walk runs on its own threads and hands its rows through a short queue, so that a task
    // of millions of entries streams them to Spark's writer instead of holding them
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(10_000);
    Thread walker = new Thread(() -> {
      Object end = END;
      try (Store store = root.open(c)) {
        ListingFilter filter = Listings.filter(job, destination);
        dev.ferry.engine.internal.spec.Codecs codecs = destination ? null : job.options().codecs();
        Consumer<ListedEntry> sink = codecs == null ? e -> put(queue, row(e))
            : e -> put(queue, row(Listings.renamed(e, codecs, c)));
        // an object store lists a prefix flat (no request per folder); elsewhere the tree is walked
        if (!TreeLister.streamFlat(store, root.path(), starts, filter, destination, sink)) {
          TreeLister.stream(store, root.path(), starts, filter, Listings.threads(c, root), destination, Long.MAX_VALUE,
              sink, unlisted -> { });
        }
      } catch (Throwable t) {
        end = t;
      }
      put(queue, end);
    }, "ferry-listing-task");
    walker.setDaemon(true);
    walker.start();
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            walker.interrupt();
            throw new IllegalStateException("listing interrupted", e);
          }
        }
        if (next instanceof Throwable t) {
          throw t instanceof RuntimeException re ? re : new java.io.UncheckedIOException(
              t instanceof IOException io ? io : new IOException(t));
        }
        return next != END;
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        Row r = (Row) next;
        next = null;
        return r;
      }
    };
  }

  private static final Object END = new Object();

  private static void put(BlockingQueue<Object> queue, Object o) {
    try {
      queue.put(o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("listing interrupted", e);
    }
  }
}
