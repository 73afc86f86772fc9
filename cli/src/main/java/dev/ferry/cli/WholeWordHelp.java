package dev.ferry.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli's help with descriptions wrapped at spaces only: its own wrapping (Java's line break
 * rules) cuts URLs after ':' and '/', so that {@code hdfs://nn:8020/r.json} could not be copied
 * from the help. A word longer than the column is still cut, as before.
 */
final class WholeWordHelp extends Help {
  WholeWordHelp(CommandSpec spec, ColorScheme scheme) {
    super(spec, scheme);
  }

  static final CommandLine.IHelpFactory FACTORY = WholeWordHelp::new;

  @Override
  public Layout createDefaultLayout() {
    Layout picocli = super.createDefaultLayout();
    return new Layout(colorScheme(), new Table(colorScheme(), picocli.textTable().columns()),
        createDefaultOptionRenderer(), createDefaultParameterRenderer());
  }

  /** Puts each wrapping cell's text line by line, broken at spaces to the column's width. */
  private static final class Table extends TextTable {
    private final ColorScheme scheme;

    Table(ColorScheme scheme, Column[] columns) {
      super(scheme, columns);
      this.scheme = scheme;
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns()[col];
      String plain = value == null ? "" : value.plainString();
      int room = column.width - column.indent - 1;
      if (column.overflow != Column.Overflow.WRAP || plain.length() <= room || room < 10
          || !plain.equals(value.toString())) { // styled text: leave it to picocli
        return super.putValue(row, col, value);
      }
      Cell last = null;
      int r = row;
      for (String line : lines(plain, room)) {
        while (r >= rowCount()) addEmptyRow();
        last = super.putValue(r, col, scheme.text(line));
        r = last.row + 1;
      }
      return last;
    }

    static List<String> lines(String text, int room) {
      List<String> out = new ArrayList<>();
      for (String paragraph : text.split("\n", -1)) {
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ")) {
          if (line.length() > 0 && line.length() + 1 + word.length() > room) {
            out.add(line.toString());
            line.setLength(0);
          }
          if (line.length() > 0) line.append(' ');
          line.append(word);
        }
        out.add(line.toString());
      }
      return out;
    }
  }
}
