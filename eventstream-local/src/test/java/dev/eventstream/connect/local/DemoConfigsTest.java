package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigsTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final String RECEIVER = "https://localhost:18443";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateRoot;

    private DemoConfigs.Prepared write(StateDirectory state) {
        return new DemoConfigs(REPO, state, Set.of(VoiceTraffic.CALL_TOPIC, VoiceTraffic.AGENT_TOPIC))
            .write("http://localhost:18083", "localhost:19092", "localhost:19094", RECEIVER, true);
    }

    @Test
    void pointsTheExampleEndpointsTheProducerFeedsAtTheDemoPeersAndLeavesTheOthersOutWithTheReason() throws IOException {
        DemoConfigs.Prepared prepared = write(StateDirectory.open(stateRoot, false));

        assertThat(prepared.httpsEndpoints()).extracting(DemoReceiver.Endpoint::label).containsExactly("acme/crm");
        assertThat(prepared.kafkaEndpoints()).containsExactly(new DemoConfigs.KafkaEndpoint("globex", "lake", "genesys-events", "zstd"));
        assertThat(prepared.leftOut()).containsOnlyKeys("acme/billing", "globex/support")
            .containsEntry("acme/billing", "the demo producer does not publish voice-cdr");

        JsonNode crm = JSON.readTree(prepared.directory().resolve("endpoints/acme/crm.json").toFile());
        assertThat(crm.path("url").asText()).isEqualTo(RECEIVER + "/hooks/acme/crm");
        assertThat(crm.path("auth").path("tokenUrl").asText()).isEqualTo(RECEIVER + "/oauth/hooks/acme/crm/token");
        assertThat(crm.path("events")).isEqualTo(JSON.readTree(REPO.resolve("connector-configs/endpoints/acme/crm.json").toFile()).path("events"));
        JsonNode lake = JSON.readTree(prepared.directory().resolve("endpoints/globex/lake.json").toFile()).path("kafka");
        assertThat(lake.path("bootstrapServers").asText()).isEqualTo("localhost:19094");
        assertThat(lake.path("securityProtocol").asText()).isEqualTo("SSL");
        assertThat(lake.has("saslJaasConfig")).isFalse();
        assertThat(prepared.directory().resolve("endpoints/acme/billing.json")).doesNotExist();

        assertThat(read(prepared.directory().resolve("deployment.json"))).doesNotContain(DemoConfigs.MOUNT_ROOT);
        try (Stream<Path> files = Files.walk(prepared.directory().resolve("endpoints"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).map(DemoConfigsTest::read))
                .hasSize(2).noneMatch(text -> text.contains(DemoConfigs.MOUNT_ROOT));
        }
    }

    @Test
    void secretsAreMadeOnceAndStayReferencesInTheRenderedConnectors() throws IOException {
        StateDirectory state = StateDirectory.open(stateRoot, false);
        DemoConfigs.Prepared first = write(state);
        DemoReceiver.Endpoint crm = first.httpsEndpoints().get(0);
        assertThat(crm.signingSecret()).startsWith("whsec_");
        assertThat(crm.auth().type()).isEqualTo("oauth2");
        assertThat(state.secret("acme.crm.whsec", () -> "not made again")).isEqualTo(crm.signingSecret());
        assertThat(state.secret("truststore", () -> "not made again")).isEqualTo(first.truststorePassword());

        DemoConfigs.Prepared second = write(state);
        assertThat(second.httpsEndpoints().get(0).signingSecret()).isEqualTo(crm.signingSecret());

        RenderResult rendered = EndpointConnectors.render(second.directory());
        assertThat(rendered.connectors()).extracting(RenderedConnector::name).containsExactly("es-acme-crm", "es-globex-lake");
        Map<String, String> config = rendered.connector("es-acme-crm").orElseThrow().config();
        assertThat(config).containsEntry("http.url", RECEIVER + "/hooks/acme/crm")
            .containsEntry("signing.secret", "${file:" + state.secretsFile() + ":acme.crm.whsec}")
            .containsEntry("ssl.truststore.location", state.tls().resolve("truststore.p12").toString());
        assertThat(config.values()).noneMatch(value -> value.contains(crm.signingSecret()));
        assertThat(rendered.connector("es-globex-lake").orElseThrow().config())
            .containsEntry("target.bootstrap.servers", "localhost:19094")
            .containsEntry("target.compression.type", "zstd");
    }

    @Test
    void anEndpointMadeThroughTheRestApiOutlivesARestartWhileTheExamplesAreCopiedAfresh() throws IOException {
        StateDirectory state = StateDirectory.open(stateRoot, false);
        Path directory = write(state).directory();
        Path madeThroughApi = directory.resolve("endpoints/initech/audit.json");
        Files.createDirectories(madeThroughApi.getParent());
        String endpoint = "{\"tenant\": \"initech\", \"name\": \"audit\", \"type\": \"https\", "
            + "\"url\": \"https://hooks.initech.example/audit\", \"topics\": [\"voice-callthread\"]}";
        Files.writeString(madeThroughApi, endpoint);
        Path example = directory.resolve("endpoints/acme/crm.json");
        Files.writeString(example, "{\"edited\": \"by hand, in the copy\"}");

        DemoConfigs.Prepared restarted = write(state);
        assertThat(read(madeThroughApi)).isEqualTo(endpoint);
        assertThat(read(example)).contains("\"url\" : \"" + RECEIVER + "/hooks/acme/crm\"");
        assertThat(restarted.directory().resolve("endpoints/acme/billing.json")).as("still left out").doesNotExist();
        assertThat(EndpointConnectors.render(restarted.directory()).connectors()).extracting(RenderedConnector::name)
            .containsExactly("es-acme-crm", "es-globex-lake", "es-initech-audit");
    }

    @Test
    void withoutDemoEndpointsNoEndpointIsApplied() {
        StateDirectory state = StateDirectory.open(stateRoot, false);
        DemoConfigs.Prepared prepared = new DemoConfigs(REPO, state, Set.of(VoiceTraffic.CALL_TOPIC))
            .write("http://localhost:18083", "localhost:19092", "localhost:19094", RECEIVER, false);
        assertThat(prepared.httpsEndpoints()).isEmpty();
        assertThat(prepared.kafkaEndpoints()).isEmpty();
        assertThat(prepared.leftOut()).hasSize(4).allSatisfy((endpoint, reason) -> assertThat(reason).isEqualTo("--no-demo-endpoints"));
        assertThat(EndpointConnectors.render(prepared.directory()).connectors()).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
