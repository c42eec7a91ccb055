package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The HTTPS sink's throughput: by tasks, the sweeps of its settings, and the two halves of the real chain's work (JMH). */
final class ThroughputSections extends ReportSection {

    ThroughputSections(ReportPage report) {
        super(report);
    }

    @Override
    void render() throws IOException {
        throughputByTasks();
        throughputBySweep("throughput-batch", "HTTPS sink throughput vs batch size", "batch.max.records", "batch");
        throughputBySweep("throughput-gzip", "HTTPS sink throughput vs gzip level", "compression", "gzip");
        throughputBySweep("throughput-hash", "Real chain with and without a hashed field", "FieldFilter fields.hash", "hash");
        chainHalves();
    }

    /** The path run-all's hash sweep gives FieldFilter so that it hashes nothing (no event has that field). */
    private static final String NO_SUCH_FIELD = "UserData.NoSuchField";

    private void throughputByTasks() throws IOException {
        section("HTTPS sink throughput vs tasks");
        JsonNode result = result("throughput-tasks");
        if (result == null) {
            return;
        }
        page.append("Records/s of each candidate (medians of the rounds), by tasks; the ceiling is a plain consumer that parses "
            + "every value with Jackson, measured in the same run. Ratios: to the ceiling, to Aiven's HTTP sink (same tasks, "
            + "same run, when its plugin was present) and to our no-transform path.\n\n");
        List<Integer> tasks = new ArrayList<>();
        Map<String, Map<Integer, Double>> rates = new LinkedHashMap<>();
        Double ceiling = null;
        MarkdownTable table = new MarkdownTable("candidate", "tasks", "records/s", "ratio to ceiling", "ratio to Aiven",
            "ratio to no-transform path", "machine CPU µs/event");
        for (JsonNode row : result.path("rows")) {
            String kind = row.path("kind").asText();
            double rate = row.path("recordsPerSecond").asDouble();
            ceiling = row.path("ceilingRecordsPerSecond").asDouble();
            int taskCount = row.path("tasks").asInt();
            table.row(row.path("candidate").asText(), taskCount == 0 ? "–" : Integer.toString(taskCount), MarkdownTable.whole(rate),
                MarkdownTable.two(rate / ceiling), MarkdownTable.ratio(rate, number(row, "aivenRecordsPerSecond")),
                kind.equals("json") ? "–" : MarkdownTable.ratio(rate, number(row, "noTransformRecordsPerSecond")),
                MarkdownTable.one(row.path("cpuMicrosPerEvent").asDouble()));
            if (kind.equals("chain")) {
                glance.add(String.format(Locale.ROOT, "HTTPS sink, real chain (gzip + signed), %d task(s): %s records/s, "
                    + "%s of the plain consumer ceiling, %s × Aiven's HTTP sink, %s of our no-transform path", taskCount,
                    MarkdownTable.whole(rate), MarkdownTable.two(rate / ceiling),
                    MarkdownTable.ratio(rate, number(row, "aivenRecordsPerSecond")),
                    MarkdownTable.ratio(rate, number(row, "noTransformRecordsPerSecond"))));
            }
            if (taskCount > 0) {
                if (!tasks.contains(taskCount)) {
                    tasks.add(taskCount);
                }
                rates.computeIfAbsent(candidateName(kind), k -> new TreeMap<>()).put(taskCount, rate);
            }
        }
        page.append(table).append('\n');
        List<String> categories = tasks.stream().map(t -> t + (t == 1 ? " task" : " tasks")).toList();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        rates.forEach((name, byTasks) -> bars.put(name, tasks.stream().map(byTasks::get).toList()));
        Double ceilingRate = ceiling;
        figure("throughput-tasks.png", "HTTPS sink throughput vs tasks", "tasks per connector", "records/s", categories, bars,
            Map.of("ceiling: plain consumer + Jackson", tasks.stream().map(t -> ceilingRate).toList()), result,
            throughputSizes(result));
    }

    /** A sweep of our sink's settings (HttpsSinkThroughput -Dbench.sweep): one bar group per variant. */
    private void throughputBySweep(String name, String title, String xTitle, String kindOfSweep) throws IOException {
        section(title);
        JsonNode result = result(name);
        if (result == null) {
            return;
        }
        page.append("Records/s of our sink with each setting (medians of the rounds, ")
            .append(result.path("settings").path("rounds").asInt()).append(" round(s)), against the ceiling measured in the same "
                + "run; signed, and otherwise as in the tasks sweep (gzip level 1, batch 500 records).\n\n");
        List<String> variants = new ArrayList<>();
        Map<String, Map<String, Double>> rates = new LinkedHashMap<>();
        double ceiling = 0;
        MarkdownTable table = new MarkdownTable(kindOfSweep, "candidate", "tasks", "records/s", "ratio to ceiling",
            "ratio to no-transform path", "machine CPU µs/event");
        for (JsonNode row : result.path("rows")) {
            ceiling = row.path("ceilingRecordsPerSecond").asDouble();
            String kind = row.path("kind").asText();
            if (kind.equals("ceiling")) {
                continue;
            }
            String variant = variantLabel(row.path("variant"));
            double rate = row.path("recordsPerSecond").asDouble();
            table.row(variant, shortName(kind), row.path("tasks").asText(), MarkdownTable.whole(rate),
                MarkdownTable.two(rate / ceiling), kind.equals("json") ? "–" : MarkdownTable.ratio(rate,
                    number(row, "noTransformRecordsPerSecond")), MarkdownTable.one(row.path("cpuMicrosPerEvent").asDouble()));
            if (!variants.contains(variant)) {
                variants.add(variant);
            }
            rates.computeIfAbsent(shortName(kind) + ", " + row.path("tasks").asInt() + " task(s)", k -> new LinkedHashMap<>())
                .put(variant, rate);
        }
        page.append(table).append('\n');
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        rates.forEach((candidate, byVariant) -> bars.put(candidate, variants.stream().map(byVariant::get).toList()));
        double ceilingRate = ceiling;
        figure(name + ".png", title, xTitle, "records/s", variants, bars,
            Map.of("ceiling: plain consumer + Jackson", variants.stream().map(v -> ceilingRate).toList()), result,
            throughputSizes(result));
    }

    private static String throughputSizes(JsonNode result) {
        JsonNode settings = result.path("settings");
        return String.format("%,d events of %d bytes (after %,d warm-up events), %d partitions, %d round(s)%s%s",
            settings.path("events").asInt(), settings.path("eventBytes").asInt(), settings.path("warmupEvents").asInt(),
            settings.path("partitions").asInt(), settings.path("rounds").asInt(),
            settings.path("warmupRounds").asInt(1) > 0 ? " after a JIT warm-up round" : " with no JIT warm-up round",
            settings.path("sinkOverrides").isEmpty() ? "" : ", sink settings " + settings.path("sinkOverrides"));
    }

    private static String candidateName(String kind) {
        return switch (kind) {
            case "chain" -> "ours, real chain, gzip + signed";
            case "json" -> "ours, no transforms, gzip + signed";
            case "aiven" -> "Aiven HTTP sink, no gzip, unsigned";
            default -> kind;
        };
    }

    /** Our candidates in a sweep, whose settings (gzip among them) the variant column gives. */
    private static String shortName(String kind) {
        return switch (kind) {
            case "chain" -> "ours, real chain";
            case "json" -> "ours, no transforms";
            default -> kind;
        };
    }

    /** A sweep variant for people: "100 records", "no gzip", "gzip level 6". */
    static String variantLabel(JsonNode variant) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> setting : variant.properties()) {
            String value = setting.getValue().asText();
            parts.add(switch (setting.getKey()) {
                case "batch.max.records" -> value + " records";
                case "http.compression" -> value.equals("none") ? "no gzip" : value;
                case "http.compression.level" -> "gzip level " + value;
                case "transforms.pii.fields.hash" -> value.equals(NO_SUCH_FIELD) ? "no field hashed" : "hash " + value;
                default -> setting.getKey() + "=" + value;
            });
        }
        return parts.isEmpty() ? "defaults" : String.join(", ", parts);
    }

    /** {@code EndpointChainBenchmark}: the task thread's and the sender thread's work per event, for both paths. */
    private void chainHalves() throws IOException {
        JmhResults jmh = jmhResult("jmh-endpoint-chain", "EndpointChainBenchmark");
        if (jmh == null) {
            return;
        }
        page.append("Where the difference comes from (`EndpointChainBenchmark`, JMH, one thread, no Kafka or Connect): ns per "
            + "event of what a task thread runs for the real chain (routing, region, conversion, subscription, PII), and of "
            + "what a sender thread runs per batch of 500 (render, sign, gzip) for each path. What both paths share — "
            + "Kafka's fetch, Connect's per-record work, TLS, the receiver — is not in it. The forked JVM has a pre-touched "
            + "2 GB heap (`-jvmArgsAppend \"-Xms2g -Xmx2g -XX:+AlwaysPreTouch\"`).\n\n");
        MarkdownTable table = new MarkdownTable("work", "ns/event");
        String[][] rows = {
            {"real chain: transforms (task thread)", "chainTransforms"},
            {"real chain: render + sign + gzip (sender thread)", "chainRequest"},
            {"no transforms: check + copy + sign + gzip (sender thread)", "noTransformRequest"},
            {"of which gzip, real chain's body", "chainGzip"},
            {"of which gzip, no-transform body", "noTransformGzip"}};
        for (String[] row : rows) {
            JmhResults.Score score = jmh.find(row[1], Map.of());
            if (score != null) {
                table.row(row[0], withError(score) + inconclusive(score));
            }
        }
        page.append(table).append('\n').append(jmhSizes(jmh)).append(".\n\n");
    }
}
