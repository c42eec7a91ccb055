package dev.eventstream.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table built row by row; numbers are formatted by the caller's helpers below. */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header)).append(" |\n");
        out.append("|").append(" --- |".repeat(header.size())).append('\n');
        rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return out.toString();
    }

    /** 1,234,567 (no decimals), or – for a missing value. */
    static String whole(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%,.0f", value);
    }

    /** One decimal, or –. */
    static String one(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** Two decimals (ratios), or –. */
    static String two(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code value / reference} with two decimals, or – when either is missing. */
    static String ratio(Double value, Double reference) {
        return value == null || reference == null || reference == 0 ? "–" : two(value / reference);
    }
}
