package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter (elastic tabstops, left aligned, space padding), as docker lays out its
 * tables: a cell is text ended by a tab; consecutive lines that have a cell in a column form a
 * block, and each block's column is as wide as its widest cell plus padding, at least minwidth.
 * The text after a line's last tab is not a column and is never padded.
 */
public final class TabWriter {
    private final int minWidth;
    private final int padding;
    private List<List<String>> lines;
    private final List<Integer> widths = new ArrayList<>();
    private StringBuilder out;

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** docker's table writer: {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)}. */
    public static String table(String text) {
        return new TabWriter(10, 3).format(text);
    }

    public synchronized String format(String text) {
        lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            List<String> cells = new ArrayList<>(List.of(line.split("\t", -1)));
            lines.add(cells);
        }
        out = new StringBuilder();
        widths.clear();
        format(0, lines.size());
        return out.toString();
    }

    private void format(int line0, int line1) {
        int column = widths.size();
        for (int i = line0; i < line1; i++) {
            if (column >= lines.get(i).size() - 1) continue;
            writeLines(line0, i);
            line0 = i;
            int width = minWidth;
            for (; i < line1; i++) {
                List<String> line = lines.get(i);
                if (column >= line.size() - 1) break;
                width = Math.max(width, displayWidth(line.get(column)) + padding);
            }
            widths.add(width);
            format(line0, i);
            widths.remove(widths.size() - 1);
            line0 = i;
            i--;
        }
        writeLines(line0, line1);
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                String c = line.get(j);
                out.append(c);
                if (j < widths.size() && j < line.size() - 1) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - displayWidth(c))));
                }
            }
            if (i + 1 < lines.size()) out.append('\n');
        }
    }

    static int displayWidth(String s) {
        return s.codePointCount(0, s.length());
    }
}
