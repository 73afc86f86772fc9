package dev.ferry.engine.internal.exec;

import dev.ferry.engine.Operation;
import dev.ferry.engine.internal.plan.CopyDecision;
import dev.ferry.engine.internal.plan.DiffDecision;
import dev.ferry.engine.internal.plan.ListedEntry;
import dev.ferry.engine.internal.plan.Pairing;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of a plan made by Spark: listing rows, the pairs of a join, and the work rows the
 * pairs turn into, with the functions that turn one into the next on the executors.
 */
public final class WorkRows {
  /** A listing file's rows: path, kind (one letter), length, note. */
  public static final StructType LISTING = new StructType()
      .add("p", DataTypes.StringType)
      .add("k", DataTypes.StringType)
      .add("l", DataTypes.LongType)
      .add("n", DataTypes.StringType);
  /** A copy's work: path, decision (its ordinal), length, note. */
  public static final StructType COPY = new StructType()
      .add("p", DataTypes.StringType)
      .add("d", DataTypes.IntegerType)
      .add("l", DataTypes.LongType)
      .add("n", DataTypes.StringType);
  /** A diff's work: path, decision (its ordinal), source length, destination length, note. */
  public static final StructType DIFF = new StructType()
      .add("p", DataTypes.StringType)
      .add("d", DataTypes.IntegerType)
      .add("sl", DataTypes.LongType)
      .add("dl", DataTypes.LongType)
      .add("n", DataTypes.StringType);

  private WorkRows() {
  }

  /** The entry of a listing row whose columns start at {@code at} (null when the side has none). */
  static ListedEntry entry(Row r, int at) {
    if (r.isNullAt(at)) return null;
    return new ListedEntry(r.getString(at), ListedEntry.Kind.of(r.getString(at + 1).charAt(0)),
        r.isNullAt(at + 2) ? 0 : r.getLong(at + 2), r.isNullAt(at + 3) ? null : r.getString(at + 3));
  }

  /** Copy or update: pairs (source columns, then destination columns when {@code paired}) to work rows. */
  public static final class CopyPairs implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Pairing.Rules rules;
    private final boolean paired;

    public CopyPairs(Pairing.Rules rules, boolean paired) {
      this.rules = rules;
      this.paired = paired;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
      return new Mapped<>(pairs, r -> {
        WorkItem it = Pairing.copy(rules, entry(r, 0), paired ? entry(r, 4) : null);
        if (it == null || (it.decision() == CopyDecision.MKDIR && it.path().isEmpty())) return null;
        return RowFactory.create(it.path(), it.decision().ordinal(), it.length(), it.note());
      });
    }
  }

  /** Diff: pairs (source columns, destination columns) to work rows. */
  public static final class DiffPairs implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final boolean disableChecksum;
    private final List<String> unreadable;

    public DiffPairs(boolean disableChecksum, List<String> unreadable) {
      this.disableChecksum = disableChecksum;
      this.unreadable = List.copyOf(unreadable);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
      return new Mapped<>(pairs, r -> {
        DiffItem it = Pairing.diff(disableChecksum, entry(r, 0), entry(r, 4), unreadable);
        if (it == null) return null;
        return RowFactory.create(it.path(), it.decision().ordinal(), it.sourceLength(), it.destinationLength(), it.note());
      });
    }
  }

  public static WorkItem copyItem(Row r) {
    return WorkItem.of(r.getString(0), CopyDecision.values()[r.getInt(1)], r.getLong(2), r.isNullAt(3) ? null : r.getString(3));
  }

  public static DiffItem diffItem(Row r) {
    return new DiffItem(r.getString(0), DiffDecision.values()[r.getInt(1)], r.getLong(2), r.getLong(3),
        r.isNullAt(4) ? null : r.getString(4));
  }

  /** A lazy map that drops nulls, so a partition streams through without being held. */
  private static final class Mapped<I, O> implements Iterator<O> {
    private final Iterator<I> in;
    private final java.util.function.Function<I, O> f;
    private O next;

    Mapped(Iterator<I> in, java.util.function.Function<I, O> f) {
      this.in = in;
      this.f = f;
    }

    @Override
    public boolean hasNext() {
      while (next == null && in.hasNext()) next = f.apply(in.next());
      return next != null;
    }

    @Override
    public O next() {
      if (!hasNext()) throw new java.util.NoSuchElementException();
      O o = next;
      next = null;
      return o;
    }
  }
}
