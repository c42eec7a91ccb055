package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What endpoint connectors cost a worker: idle, at scale on three workers, and busy. */
final class ConnectorCostSections extends ReportSection {

    ConnectorCostSections(ReportPage report) {
        super(report);
    }

    @Override
    void render() throws IOException {
        connectorCost();
    }

    private void connectorCost() throws IOException {
        section("Idle and busy cost vs number of endpoint connectors");
        List<Path> idle = files("idle-", ".json");
        List<JsonNode> runs = new ArrayList<>();
        for (Path file : idle) {
            runs.add(JSON.readTree(file.toFile()));
        }
        runs.sort((a, b) -> Integer.compare(a.path("settings").path("connectors").asInt(), b.path("settings").path("connectors").asInt()));
        if (runs.isEmpty()) {
            page.append("Idle cost: not measured in this run.\n\n");
        } else {
            page.append("Idle (`IdleConnectorCost`): N endpoint connectors of the real chain (1 task, usage on, each its own HTTP "
                + "client), each delivers a few events, then all idle; the reference is the same rig with no connector, "
                + "measured first in the same run. Live threads exclude the test receiver's.\n\n");
            MarkdownTable table = new MarkdownTable("connectors", "threads (rig alone → with N)", "heap after GC MB", "RSS MB",
                "idle CPU % of a core", "per connector: threads / heap MB / RSS MB / CPU %");
            List<String> categories = new ArrayList<>();
            Map<String, List<Double>> bars = new LinkedHashMap<>();
            bars.put("threads added", new ArrayList<>());
            bars.put("RSS added (MB)", new ArrayList<>());
            bars.put("heap added (MB)", new ArrayList<>());
            for (JsonNode run : runs) {
                JsonNode alone = rowWhere(run, "state", "rig alone");
                JsonNode loaded = rowWhere(run, "state", "with connectors");
                JsonNode per = rowWhere(run, "state", "added per connector");
                int connectors = run.path("settings").path("connectors").asInt();
                table.row(Integer.toString(connectors), alone.path("workerThreads").asInt() + " → " + loaded.path("workerThreads").asInt(),
                    span(alone, loaded, "heapMb"), span(alone, loaded, "rssMb"),
                    MarkdownTable.one(alone.path("cpuPercentOfCore").asDouble()) + " → "
                        + MarkdownTable.one(loaded.path("cpuPercentOfCore").asDouble()),
                    MarkdownTable.two(per.path("workerThreads").asDouble()) + " / " + MarkdownTable.two(per.path("heapMb").asDouble())
                        + " / " + MarkdownTable.two(per.path("rssMb").asDouble()) + " / "
                        + String.format(Locale.ROOT, "%.3f", per.path("cpuPercentOfCore").asDouble()));
                categories.add(connectors + " connectors");
                glance.add(String.format(Locale.ROOT, "%d idle endpoint connectors on one worker JVM (with the broker): "
                    + "%s live threads, %s MB RSS, %s %% of a core (per connector: +%s threads, +%s MB RSS, +%s %% of a core)",
                    connectors, MarkdownTable.whole(loaded.path("workerThreads").asDouble()), MarkdownTable.whole(loaded.path("rssMb").asDouble()),
                    MarkdownTable.one(loaded.path("cpuPercentOfCore").asDouble()), MarkdownTable.one(per.path("workerThreads").asDouble()),
                    MarkdownTable.one(per.path("rssMb").asDouble()), MarkdownTable.two(per.path("cpuPercentOfCore").asDouble())));
                bars.get("threads added").add(loaded.path("workerThreads").asDouble() - alone.path("workerThreads").asDouble());
                bars.get("RSS added (MB)").add(loaded.path("rssMb").asDouble() - alone.path("rssMb").asDouble());
                bars.get("heap added (MB)").add(loaded.path("heapMb").asDouble() - alone.path("heapMb").asDouble());
            }
            page.append(table).append('\n');
            JsonNode first = runs.get(0);
            figure("idle-cost.png", "Idle endpoint connectors: what they add to one worker", "endpoint connectors",
                "threads / MB", categories, bars, Map.of(), first, String.format("idle %d s per snapshot, %d warm events per connector",
                    first.path("settings").path("idleSeconds").asInt(), first.path("settings").path("warmEventsPerConnector").asInt()));
        }
        connectorScale();
        busyCost();
    }

    /** ConnectorScale: many connectors on a 3-worker cluster, created as the control plane does, and its rebalances. */
    private void connectorScale() throws IOException {
        Path file = results.resolve("connector-scale.json");
        if (!Files.exists(file)) {
            page.append("Many connectors on a 3-worker cluster (`ConnectorScale`): not measured in this run.\n\n");
            return;
        }
        JsonNode result = JSON.readTree(file.toFile());
        JsonNode settings = result.path("settings");
        page.append("Many connectors (`ConnectorScale`): ").append(settings.path("connectors").asInt())
            .append(" endpoint connectors of the real chain as the control plane renders them (1 task, DLQ, usage on), created "
                + "one PUT at a time on ").append(settings.path("workers").asInt()).append(" in-process workers sharing one JVM "
                + "with the broker and the receiver; per-connector figures are differences to the same cluster with no "
                + "connector, measured first in the same run. Measured on ")
            .append(JSON.treeToValue(result.path("machine"), Machine.class).line()).append(".\n\n");
        MarkdownTable table = new MarkdownTable("measure", "value");
        for (JsonNode row : result.path("rows")) {
            double value = row.path("value").asDouble();
            table.row(row.path("measure").asText(), (value < 100 ? MarkdownTable.one(value) : MarkdownTable.whole(value)) + " "
                + row.path("unit").asText());
        }
        page.append(table).append('\n');
    }

    /** Busy cost: the process CPU at each rate of the latency runs, by number of endpoint connectors. */
    private void busyCost() throws IOException {
        List<LatencyTable> tables = new ArrayList<>();
        for (Path log : files("latency-", ".log")) {
            LatencyTable table = LatencyTable.parse(Files.readString(log, StandardCharsets.UTF_8));
            if (!table.rows().isEmpty()) {
                tables.add(table);
            }
        }
        if (tables.isEmpty()) {
            page.append("Busy cost: not measured in this run.\n\n");
            return;
        }
        tables.sort((a, b) -> Integer.compare(a.endpoints(), b.endpoints()));
        page.append("Busy: the process's CPU (broker, worker, receiver and producer together) during the latency runs above, "
            + "by number of endpoint connectors sharing the rate.\n\n");
        List<Double> rates = tables.stream().flatMap(t -> t.rows().stream().map(r -> r.get("events/s"))).distinct().sorted().toList();
        MarkdownTable table = new MarkdownTable("events/s", "endpoint connectors", "CPU (cores)",
            "µs CPU per event (the rig's own idle CPU included)");
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        for (LatencyTable latency : tables) {
            List<Double> cores = new ArrayList<>();
            for (Double rate : rates) {
                Map<String, Double> row = latency.rows().stream().filter(r -> rate.equals(r.get("events/s"))).findFirst().orElse(null);
                Double used = row == null ? null : row.get("CPU (cores)");
                cores.add(used);
                if (used != null) {
                    table.row(MarkdownTable.whole(rate), Integer.toString(latency.endpoints()), MarkdownTable.two(used),
                        MarkdownTable.one(used * 1e6 / rate));
                }
            }
            bars.put(latency.endpoints() + " endpoint connectors", cores);
        }
        page.append(table).append('\n');
        figure("busy-cost.png", "Busy: process CPU by rate and endpoint connectors", "rate",
            "CPU (cores)", rates.stream().map(r -> MarkdownTable.whole(r) + " events/s").toList(), bars, Map.of(), null,
            "as the latency runs");
    }

    private static String span(JsonNode alone, JsonNode loaded, String column) {
        return MarkdownTable.whole(alone.path(column).asDouble()) + " → " + MarkdownTable.whole(loaded.path(column).asDouble());
    }
}
