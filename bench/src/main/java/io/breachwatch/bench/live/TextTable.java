package io.breachwatch.bench.live;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table with padded columns, so that it reads on a terminal and pastes into docs as it is. */
final class TextTable {
    private final List<String> header;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Column names; a name ending in ">" is right-aligned (numbers), the ">" is not printed. */
    TextTable(String... columns) {
        header = new ArrayList<>();
        rightAligned = new ArrayList<>();
        for (String column : columns) {
            boolean right = column.endsWith(">");
            header.add(right ? column.substring(0, column.length() - 1) : column);
            rightAligned.add(right);
        }
    }

    TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    List<String> lines() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, header.get(c).length());
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(header, width));
        StringBuilder rule = new StringBuilder("|");
        for (int c = 0; c < width.length; c++) {
            rule.append(rightAligned.get(c) ? "-".repeat(width[c] + 1) + ":|" : "-".repeat(width[c] + 2) + "|");
        }
        lines.add(rule.toString());
        for (List<String> row : rows) {
            lines.add(line(row, width));
        }
        return lines;
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder("|");
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            line.append(' ').append(rightAligned.get(c) ? pad + cell : cell + pad).append(" |");
        }
        return line.toString();
    }
}
