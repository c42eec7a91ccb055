package dev.eventstream.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Produce → endpoint latency at fixed rates (HttpsSinkLatency's printed tables). */
final class LatencySection extends ReportSection {

    LatencySection(ReportPage report) {
        super(report);
    }

    @Override
    void render() throws IOException {
        latency();
    }

    private void latency() throws IOException {
        section("HTTPS sink latency at fixed rates");
        List<Path> logs = files("latency-", ".log");
        if (logs.isEmpty()) {
            missing();
            return;
        }
        page.append("Produce → endpoint latency (`HttpsSinkLatency`): endpoint connectors of the real chain (1 task each, "
            + "gzip + signed, the sink's and Connect's defaults), a producer at a fixed rate spread over them, the loopback "
            + "receiver timing each event on arrival. No same-run reference exists; the targets of issue 17 are p50 ≤ 20 ms "
            + "and p99 ≤ 100 ms at 1,000 and 5,000 events/s over 50 endpoints.\n\n");
        for (Path log : logs) {
            LatencyTable latency = LatencyTable.parse(Files.readString(log, StandardCharsets.UTF_8));
            if (latency.rows().isEmpty()) {
                page.append("`").append(log.getFileName()).append("` holds no latency table (the run failed: see the log).\n\n");
                continue;
            }
            page.append("**").append(latency.endpoints()).append(" endpoint connectors** (sink settings: ")
                .append(latency.settings().contains("(defaults)") ? "the defaults" : latency.settings()).append("):\n\n");
            MarkdownTable table = new MarkdownTable("events/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "events/request",
                "CPU (cores)");
            List<String> rates = new ArrayList<>();
            Map<String, List<Double>> bars = new LinkedHashMap<>();
            for (String percentile : List.of("p50 ms", "p95 ms", "p99 ms")) {
                bars.put(percentile.replace(" ms", ""), new ArrayList<>());
            }
            for (Map<String, Double> row : latency.rows()) {
                table.row(MarkdownTable.whole(row.get("events/s")), MarkdownTable.one(row.get("p50 ms")),
                    MarkdownTable.one(row.get("p95 ms")), MarkdownTable.one(row.get("p99 ms")), MarkdownTable.one(row.get("max ms")),
                    MarkdownTable.one(row.get("events/request")), MarkdownTable.two(row.get("CPU (cores)")));
                rates.add(MarkdownTable.whole(row.get("events/s")) + " events/s");
                bars.forEach((percentile, values) -> values.add(row.get(percentile + " ms")));
            }
            page.append(table).append('\n');
            glance.add("Latency, " + latency.endpoints() + " endpoint connectors, p50 / p99 ms: " + String.join("; ",
                latency.rows().stream().map(row -> MarkdownTable.one(row.get("p50 ms")) + " / " + MarkdownTable.one(row.get("p99 ms"))
                    + " at " + MarkdownTable.whole(row.get("events/s")) + " events/s").toList()));
            String name = log.getFileName().toString().replace(".log", "");
            figure(name + ".png", "Latency, " + latency.endpoints() + " endpoint connectors", "rate", "ms, produce → endpoint",
                rates, bars, Map.of(), null, "the rates as in the table; the run's own sizes are in `" + log.getFileName() + "`");
        }
    }
}
