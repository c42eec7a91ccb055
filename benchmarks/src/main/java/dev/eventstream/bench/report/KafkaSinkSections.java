package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The Kafka sink against MirrorMaker 2, and direct delivery against the demux. */
final class KafkaSinkSections extends ReportSection {

    KafkaSinkSections(ReportPage report) {
        super(report);
    }

    @Override
    void render() throws IOException {
        kafkaSink();
        demux();
    }

    private void kafkaSink() throws IOException {
        section("Kafka sink vs MirrorMaker 2");
        JsonNode result = result("kafka-vs-mm2");
        if (result == null) {
            return;
        }
        page.append("Records/s from the worker's broker to a separate target broker in the same JVM (`KafkaSinkVsMirrorMaker`): "
            + "`KafkaSinkConnector` (passthrough and json) against MirrorMaker 2's `MirrorSourceConnector` replicating the "
            + "same topic, same run, 3 tasks each, lz4 on the target; timed from the connector's creation until the target "
            + "holds every record. Ratio: to MM2.\n\n");
        JsonNode mm2 = rowWhere(result, "candidate", "MirrorSourceConnector (MM2)");
        Double mm2Rate = mm2.isMissingNode() ? null : mm2.path("recordsPerSecond").asDouble();
        MarkdownTable table = new MarkdownTable("candidate", "records/s (median)", "MB/s", "ratio to MM2", "runs (records/s)");
        List<String> categories = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int bytes = result.path("settings").path("eventBytes").asInt();
        for (JsonNode row : result.path("rows")) {
            double rate = row.path("recordsPerSecond").asDouble();
            List<String> runs = new ArrayList<>();
            row.path("runs").forEach(run -> runs.add(MarkdownTable.whole(run.asDouble())));
            table.row(row.path("candidate").asText(), MarkdownTable.whole(rate), MarkdownTable.one(rate * bytes / 1e6),
                MarkdownTable.ratio(rate, mm2Rate), String.join(", ", runs));
            categories.add(row.path("candidate").asText());
            values.add(rate);
            if (!row.path("candidate").asText().startsWith("MirrorSource")) {
                glance.add(row.path("candidate").asText() + ": " + MarkdownTable.whole(rate) + " records/s, "
                    + MarkdownTable.ratio(rate, mm2Rate) + " × MirrorMaker 2");
            }
        }
        page.append(table).append('\n');
        JsonNode settings = result.path("settings");
        figure("kafka-vs-mm2.png", "Kafka sink vs MirrorMaker 2", "connector", "records/s", categories,
            Map.of("records/s (median)", values), Map.of(), result, String.format("%,d events of %d bytes, %d partitions, %d round(s)",
                settings.path("events").asInt(), bytes, settings.path("partitions").asInt(), settings.path("rounds").asInt()));
    }

    private void demux() throws IOException {
        section("Direct vs demux cost vs tenants");
        JsonNode result = result("demux");
        if (result == null) {
            return;
        }
        page.append("`DemuxCost`: T tenants share one topic; direct runs T endpoint connectors that each read the whole topic, "
            + "demux one connector that re-publishes per tenant plus T endpoint connectors on their own topics (Kafka sink, "
            + "passthrough, one worker). Wall time until the target holds every record, and records read by all connectors "
            + "per delivered record. Ratio: demux ÷ direct, same run.\n\n");
        TreeMap<Integer, Map<String, JsonNode>> byTenants = new TreeMap<>();
        for (JsonNode row : result.path("rows")) {
            byTenants.computeIfAbsent(row.path("tenants").asInt(), t -> new LinkedHashMap<>()).put(row.path("strategy").asText(), row);
        }
        MarkdownTable table = new MarkdownTable("tenants", "direct: wall s / read per delivered", "demux: wall s / read per delivered",
            "wall time demux ÷ direct", "reads demux ÷ direct");
        List<String> categories = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("direct", new ArrayList<>());
        bars.put("demux", new ArrayList<>());
        Function<JsonNode, Double> wall = row -> row == null ? null : row.path("wallSeconds").asDouble();
        Function<JsonNode, Double> reads = row -> row == null ? null : row.path("readPerDelivered").asDouble();
        byTenants.forEach((tenants, rows) -> {
            JsonNode direct = rows.get("direct");
            JsonNode demux = rows.get("demux");
            table.row(Integer.toString(tenants), MarkdownTable.one(wall.apply(direct)) + " / " + MarkdownTable.two(reads.apply(direct)),
                MarkdownTable.one(wall.apply(demux)) + " / " + MarkdownTable.two(reads.apply(demux)),
                MarkdownTable.ratio(wall.apply(demux), wall.apply(direct)), MarkdownTable.ratio(reads.apply(demux), reads.apply(direct)));
            categories.add(tenants + (tenants == 1 ? " tenant" : " tenants"));
            if (tenants.equals(byTenants.lastKey())) {
                glance.add("Demux vs direct at " + tenants + " tenants: " + MarkdownTable.two(reads.apply(demux)) + " vs "
                    + MarkdownTable.two(reads.apply(direct)) + " records read per delivered record, wall time "
                    + MarkdownTable.ratio(wall.apply(demux), wall.apply(direct)) + " of direct");
            }
            bars.get("direct").add(wall.apply(direct));
            bars.get("demux").add(wall.apply(demux));
        });
        page.append(table).append('\n');
        figure("demux-cost.png", "Direct vs demux: wall time to deliver every record", "tenants on the topic", "seconds", categories,
            bars, Map.of(), result, String.format("%,d records of %d bytes, %d partitions",
                result.path("settings").path("records").asInt(), result.path("settings").path("eventBytes").asInt(),
                result.path("settings").path("partitions").asInt()));
    }
}
