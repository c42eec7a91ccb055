package dev.eventstream.connect.control.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.ExampleConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in connector-configs/ renders to the committed config under src/test/resources/golden/, with
 * {@code direct} and with {@code demux}. Regenerate after an intended change with
 * {@code -Deventstream.golden.update=true}, and review the diff.
 */
class RendererGoldenTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final boolean UPDATE = Boolean.getBoolean("eventstream.golden.update");

    @TempDir
    Path temp;

    @Test
    void directExamplesMatchTheGoldenFiles() throws IOException {
        RenderResult result = new Renderer().render(ControlPlane.load(ExampleConfigs.DIR));
        assertGolden(GOLDEN.resolve("direct"), result);
        assertThat(result.connectors()).extracting(RenderedConnector::name)
            .containsExactly("es-acme-billing", "es-acme-crm", "es-globex-lake", "es-globex-support");
    }

    @Test
    void demuxExamplesMatchTheGoldenFiles() throws IOException {
        Path dir = ExampleConfigs.copyTo(temp.resolve("demux"));
        ExampleConfigs.edit(dir, "deployment.json", json -> json.put("fanOut", "demux"));
        RenderResult result = new Renderer().render(ControlPlane.load(dir));
        assertGolden(GOLDEN.resolve("demux"), result);
        assertThat(result.connectors()).extracting(RenderedConnector::name).containsExactly(
            "es-demux-voice-agentstate", "es-demux-voice-callthread", "es-demux-voice-cdr",
            "es-acme-billing", "es-acme-crm", "es-globex-lake", "es-globex-support");
        assertThat(result.topics()).extracting(TopicSpec::name).containsExactly(
            "es-dlq-acme-billing", "es-dlq-acme-crm", "es-dlq-demux-voice-agentstate", "es-dlq-demux-voice-callthread",
            "es-dlq-demux-voice-cdr", "es-dlq-globex-lake", "es-dlq-globex-support",
            "voice-agentstate.acme", "voice-agentstate.globex", "voice-callthread.acme", "voice-cdr.acme");
    }

    @Test
    void shuffledInputsRenderToIdenticalBytes() throws IOException {
        String original = allJson(new Renderer().render(ControlPlane.load(ExampleConfigs.DIR)));
        Random random = new Random(42);
        for (int round = 0; round < 3; round++) {
            Path dir = ExampleConfigs.copyTo(temp.resolve("shuffled-" + round));
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".json") && !p.startsWith(dir.resolve("schemas"))).toList()) {
                    ExampleConfigs.edit(dir, dir.relativize(file).toString(), json -> shuffle(json, random));
                }
            }
            assertThat(allJson(new Renderer().render(ControlPlane.load(dir)))).isEqualTo(original);
        }
    }

    @Test
    void eachConfigCarriesTheDigestOfItsOtherKeys() {
        RenderResult result = new Renderer().render(ControlPlane.load(ExampleConfigs.DIR));
        Set<String> digests = result.connectors().stream().map(RenderedConnector::digest).collect(Collectors.toSet());
        assertThat(digests).hasSize(result.connectors().size()).allMatch(d -> d.matches("sha256:[0-9a-f]{64}"));
        for (RenderedConnector connector : result.connectors()) {
            assertThat(ConfigBuilder.digestOf(connector.config())).isEqualTo(connector.digest());
        }
    }

    @Test
    void aTenantInTheValueIsConvertedBeforeTheRouter() throws IOException {
        Path dir = ExampleConfigs.copyTo(temp.resolve("tenant-in-value"));
        ExampleConfigs.edit(dir, "service-teams-topics/voice-agentstate/topic-details.json",
            json -> json.putObject("tenant").put("source", "value").put("path", "tenant.ccid"));
        Map<String, String> lake = connector(new Renderer().render(ControlPlane.load(dir)), "es-globex-lake");

        assertThat(lake).containsEntry("value.converter", ValueConverters.JSON)
            .containsEntry("transforms", "tenant,primaryRegion,subscribed,pii")
            .containsEntry("transforms.tenant.rules.voice-agentstate.tenant.field", "tenant.ccid")
            .doesNotContainKey("transforms.convert.type");
    }

    @Test
    void aTenantHeaderIsReadAsItsBytes() throws IOException {
        Path dir = ExampleConfigs.copyTo(temp.resolve("tenant-in-header"));
        ExampleConfigs.edit(dir, "service-teams-topics/voice-agentstate/topic-details.json",
            json -> json.putObject("tenant").put("source", "header").put("name", "tenant"));
        Map<String, String> lake = connector(new Renderer().render(ControlPlane.load(dir)), "es-globex-lake");

        assertThat(lake).containsEntry("header.converter", ValueConverters.BYTES)
            .containsEntry("value.converter", ValueConverters.BYTES)
            .containsEntry("transforms", "tenant,primaryRegion,convert,subscribed,pii")
            .doesNotContainKey("transforms.tenant.source.coordinates.trusted");
    }

    @Test
    void everyRecordWriteTakesTheDeploymentsLargestRecordWithWhatThePlatformAdds() throws IOException {
        // 16 MiB by default, plus 64 KiB for the DLQ context headers, the demux headers, an HTTPS envelope; Kafka's
        // producers would refuse anything over 1 MiB, and the HTTPS sink anything over 5 MiB.
        assertRecordWritesSizedTo(new Renderer().render(ControlPlane.load(ExampleConfigs.DIR)), "16842752", "16777216");

        Path dir = ExampleConfigs.copyTo(temp.resolve("large-records"));
        ExampleConfigs.edit(dir, "deployment.json", json -> {
            json.put("fanOut", "demux");
            json.put("maxRecordBytes", 20 * 1024 * 1024);
        });
        RenderResult large = new Renderer().render(ControlPlane.load(dir));
        assertThat(large.connectors()).hasSize(7);
        assertThat(large.topics()).filteredOn(topic -> topic.purpose() == TopicSpec.Purpose.dlq).hasSize(7);
        assertThat(large.topics()).filteredOn(topic -> topic.purpose() == TopicSpec.Purpose.demux).isNotEmpty();
        assertRecordWritesSizedTo(large, "21037056", "20971520");
    }

    private static void assertRecordWritesSizedTo(RenderResult result, String writeBytes, String recordBytes) {
        assertThat(result.connectors()).allSatisfy(connector -> {
            Map<String, String> config = connector.config();
            assertThat(config).containsEntry("producer.override.max.request.size", writeBytes);
            if (config.get("connector.class").endsWith("HttpsSinkConnector")) {
                assertThat(config).containsEntry("http.max.request.bytes", writeBytes);
            } else {
                assertThat(config).containsEntry("target.max.request.size", writeBytes);
            }
            config.forEach((key, value) -> {
                if (value.endsWith(".JsonConverter")) {
                    assertThat(config).as("%s of %s", key, connector.name()).containsEntry(key + ".max.bytes", recordBytes);
                }
            });
        });
        assertThat(result.topics()).allSatisfy(topic ->
            assertThat(topic.configs()).isEqualTo(Map.of("max.message.bytes", writeBytes)));
    }

    private static Map<String, String> connector(RenderResult result, String name) {
        return result.connectors().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().config();
    }

    /** Shuffles the key order of objects and the order of arrays whose order carries no meaning. */
    private static void shuffle(ObjectNode json, Random random) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(json.properties());
        Collections.shuffle(fields, random);
        json.removeAll();
        for (Map.Entry<String, JsonNode> field : fields) {
            JsonNode value = field.getValue();
            if (value.isObject()) {
                shuffle((ObjectNode) value, random);
            } else if (value.isArray() && !field.getKey().equals("headers")) {
                List<JsonNode> items = new ArrayList<>();
                value.forEach(items::add);
                Collections.shuffle(items, random);
                ArrayNode array = ((ArrayNode) value).removeAll();
                items.forEach(array::add);
            }
            json.set(field.getKey(), value);
        }
    }

    private static String allJson(RenderResult result) {
        return result.connectors().stream().map(RenderedConnector::toJson).collect(Collectors.joining());
    }

    private static void assertGolden(Path dir, RenderResult result) throws IOException {
        for (RenderedConnector connector : result.connectors()) {
            Path golden = dir.resolve(connector.name() + ".json");
            if (UPDATE) {
                Files.createDirectories(dir);
                Files.writeString(golden, connector.toJson());
            }
            assertThat(golden).as("golden file of %s (regenerate with -Deventstream.golden.update=true)", connector.name()).exists();
            assertThat(connector.toJson()).as("rendered %s vs %s", connector.name(), golden).isEqualTo(Files.readString(golden));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString().replace(".json", "")).toList())
                .as("golden files without a rendered connector")
                .containsExactlyInAnyOrderElementsOf(result.connectors().stream().map(RenderedConnector::name).toList());
        }
    }
}
