package dev.rebound.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: columns as wide as their widest cell (capped), two spaces apart. */
final class Table {
    private static final int MAX_CELL = 72;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            String text = cell == null ? "-" : cell.toString().replace('\n', ' ');
            row.add(text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text);
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        line(out, headers, width);
        for (List<String> row : rows) {
            line(out, row, width);
        }
    }

    private static void line(PrintStream out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            b.append(cell);
            if (i < width.length - 1) {
                b.append(" ".repeat(width[i] - cell.length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }

    /** The value of a JSON field as a cell, or {@code -} when absent. */
    static String text(com.fasterxml.jackson.databind.JsonNode node, String... path) {
        com.fasterxml.jackson.databind.JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n.isMissingNode() || n.isNull() ? "-" : n.isContainerNode() ? n.toString() : n.asText();
    }
}
