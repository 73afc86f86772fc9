package dev.ferry.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stands in for Zeppelin's {@code z} (ZeppelinContext) in {@link Repl}: {@code z.show(df)} records
 * what Zeppelin would display, a {@code %table} of tab-separated columns, header first.
 */
public final class ZStub {
  /** Everything shown, in order. */
  public final List<String> shown = new ArrayList<>();
  private final int maxResult;

  /** @param maxResult rows shown at most (Zeppelin's zeppelin.spark.maxResult) */
  public ZStub(int maxResult) {
    this.maxResult = maxResult;
  }

  public void show(Object o) {
    show(o, maxResult);
  }

  public void show(Object o, int maxRows) {
    if (!(o instanceof Dataset<?> ds)) {
      shown.add("%text " + o);
      return;
    }
    Dataset<Row> df = ds.toDF();
    StringBuilder table = new StringBuilder("%table ").append(String.join("\t", df.columns())).append('\n');
    for (Row row : df.takeAsList(maxRows)) {
      table.append(IntStream.range(0, row.length()).mapToObj(i -> String.valueOf(row.get(i)))
          .collect(Collectors.joining("\t"))).append('\n');
    }
    shown.add(table.toString());
  }

  /** The last thing shown. */
  public String last() {
    if (shown.isEmpty()) throw new AssertionError("z.show was not called");
    return shown.get(shown.size() - 1);
  }
}
