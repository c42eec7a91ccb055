package dev.eventstream.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table {@code HttpsSinkLatency} prints (its stdout, kept in {@code latency-<endpoints>.log}): a Markdown
 * table whose header starts with {@code | events/s |}, one row per rate, then a line that begins with the number
 * of endpoint connectors. Columns are read by their header names, so added columns do no harm.
 */
record LatencyTable(int endpoints, String settings, List<Map<String, Double>> rows) {

    private static final Pattern ENDPOINTS = Pattern.compile("^(\\d+) endpoint connectors");
    private static final Pattern SETTINGS = Pattern.compile("sink settings (.*)$");

    /** Parses the last latency table in {@code log}; {@code rows} is empty when there is none. */
    static LatencyTable parse(String log) {
        List<String> header = List.of();
        List<Map<String, Double>> rows = new ArrayList<>();
        int endpoints = 0;
        String settings = "";
        for (String raw : log.split("\\R")) {
            String line = raw.trim();
            if (line.startsWith("| events/s |")) {
                header = cells(line);
                rows = new ArrayList<>();
            } else if (!header.isEmpty() && line.startsWith("|") && !line.startsWith("| ---")) {
                List<String> cells = cells(line);
                Map<String, Double> row = new LinkedHashMap<>();
                for (int i = 0; i < Math.min(cells.size(), header.size()); i++) {
                    String number = cells.get(i).replace(",", "");
                    if (number.matches("-?\\d+(\\.\\d+)?")) {
                        row.put(header.get(i), Double.parseDouble(number));
                    }
                }
                if (row.containsKey("events/s")) {
                    rows.add(row);
                }
            } else {
                Matcher count = ENDPOINTS.matcher(line);
                if (count.find()) {
                    endpoints = Integer.parseInt(count.group(1));
                    Matcher configured = SETTINGS.matcher(line);
                    settings = configured.find() ? configured.group(1) : "";
                }
            }
        }
        return new LatencyTable(endpoints, settings, rows);
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|")) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
