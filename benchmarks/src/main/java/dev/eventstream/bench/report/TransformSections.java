package dev.eventstream.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JMH: our transforms against Kafka's built-ins, the tenant chain, and Avro decoding. */
final class TransformSections extends ReportSection {

    TransformSections(ReportPage report) {
        super(report);
    }

    @Override
    void render() throws IOException {
        smtChain();
        avro();
    }

    private void smtChain() throws IOException {
        section("SMT chain ns/record vs Kafka's built-in transforms");
        Path fieldFilter = results.resolve("jmh-field-filter.json");
        if (!Files.exists(fieldFilter)) {
            missing();
            return;
        }
        JmhResults jmh = JmhResults.read(fieldFilter);
        page.append("JMH (`FieldFilterBenchmark`, one run): ns per record of our transforms and of Kafka's built-ins doing "
            + "the same work on the same voice-call record (14 top-level fields), schemaless (Map) and with a schema "
            + "(Struct). The chain keeps the record by a predicate, drops one field and masks two: ours is Filter + "
            + "`FieldMatches` on `id` + `FieldFilter`, Kafka's is Filter + `TopicNameMatches` (its predicates cannot read "
            + "the value) + `ReplaceField` + `MaskField`. Lower is better; the ratio is ours ÷ Kafka's.\n\n");
        MarkdownTable table = new MarkdownTable("operation", "data", "ours (ns/record)", "Kafka built-in (ns/record)", "ratio ours ÷ Kafka");
        List<String> categories = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("ours", new ArrayList<>());
        bars.put("Kafka built-in", new ArrayList<>());
        String[][] pairs = {
            {"drop 2 top-level fields", "fieldFilterTopLevel", "replaceFieldTopLevel"},
            {"mask 2 top-level fields", "fieldFilterMaskTopLevel", "maskFieldTopLevel"},
            {"chain: keep by predicate, drop 1, mask 2", "ourChain", "kafkaBuiltInChain"},
            {"drop a 3-level nested field (no built-in)", "fieldFilterNested", null}};
        for (String[] pair : pairs) {
            for (String data : List.of("Map", "Struct")) {
                JmhResults.Score ours = jmh.find(pair[1] + data, Map.of());
                JmhResults.Score kafka = pair[2] == null ? null : jmh.find(pair[2] + data, Map.of());
                if (ours == null) {
                    continue;
                }
                table.row(pair[0], data, withError(ours), kafka == null ? "–" : withError(kafka),
                    kafka == null ? "–" : MarkdownTable.ratio(ours.score(), kafka.score()) + inconclusive(ours, kafka));
                if (kafka != null && pair[1].equals("ourChain")) {
                    glance.add("Transform chain (keep by predicate, drop 1, mask 2), " + data + ": " + MarkdownTable.whole(ours.score())
                        + " ns/record, " + MarkdownTable.ratio(ours.score(), kafka.score()) + " of Kafka's built-in chain's time"
                        + inconclusive(ours, kafka));
                }
                if (kafka != null) {
                    categories.add(pair[0].replaceAll(":.*", "").replace(" top-level fields", "") + ", " + data);
                    bars.get("ours").add(ours.score());
                    bars.get("Kafka built-in").add(kafka.score());
                }
            }
        }
        page.append(table).append('\n');
        figure("smt-vs-kafka.png", "Transforms: ours vs Kafka's built-ins", "operation, data", "ns per record", categories, bars,
            Map.of(), null, jmhSizes(jmh));
        tenantRouter();
    }

    private void tenantRouter() throws IOException {
        JmhResults jmh = jmhResult("jmh-tenant-router", "TenantRouterBenchmark");
        if (jmh == null) {
            return;
        }
        page.append("The tenant chain (`TenantRouterBenchmark`): `TenantRouter` alone and followed by the predicates "
            + "`InPrimaryRegion` and `TenantMatches`, tenant from a value field or the key; Kafka has no built-in that routes by "
            + "tenant, so there is no reference.\n\n");
        MarkdownTable table = new MarkdownTable("benchmark", "tenant from", "data", "ns/record");
        for (JmhResults.Score score : jmh.scores()) {
            table.row(score.method(), score.params().getOrDefault("source", "–"), score.params().getOrDefault("data", "–"),
                withError(score));
        }
        page.append(table).append('\n');
    }

    private void avro() throws IOException {
        section("Avro decode vs Avro's GenericDatumReader");
        Path file = results.resolve("jmh-avro.json");
        if (!Files.exists(file)) {
            missing();
            return;
        }
        JmhResults jmh = JmhResults.read(file);
        page.append("JMH (`AvroConverterBenchmark`, one run): records/s of `AvroConverter` (bytes → Connect data) and of "
            + "Apache Avro's `GenericDatumReader` alone on the same 1,024 voice events; the target is a ratio ≥ 0.6.\n\n");
        MarkdownTable table = new MarkdownTable("format", "AvroConverter (records/s)", "GenericDatumReader alone (records/s)",
            "ratio");
        List<String> categories = new ArrayList<>();
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        bars.put("AvroConverter → Connect data", new ArrayList<>());
        bars.put("GenericDatumReader alone", new ArrayList<>());
        for (String format : List.of("confluent", "plain")) {
            JmhResults.Score converter = jmh.find("avroConverterToConnectData", Map.of("format", format));
            JmhResults.Score reader = jmh.find("genericDatumReaderOnly", Map.of("format", format));
            if (converter == null || reader == null) {
                continue;
            }
            table.row(format, withError(converter), withError(reader), MarkdownTable.ratio(converter.score(), reader.score())
                + inconclusive(converter, reader));
            glance.add("Avro decode (" + format + "): AvroConverter at " + MarkdownTable.ratio(converter.score(), reader.score())
                + " of GenericDatumReader alone" + inconclusive(converter, reader));
            categories.add(format);
            bars.get("AvroConverter → Connect data").add(converter.score());
            bars.get("GenericDatumReader alone").add(reader.score());
        }
        page.append(table).append('\n');
        figure("avro-decode.png", "Avro decode: AvroConverter vs GenericDatumReader", "format", "records/s", categories, bars,
            Map.of(), null, jmhSizes(jmh));
    }
}
