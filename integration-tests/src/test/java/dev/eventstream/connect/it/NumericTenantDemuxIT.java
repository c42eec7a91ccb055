package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants {@code 0042} and {@code 42} through a real demux: the producing service puts the tenant in a {@code ccid}
 * header; one {@code TenantRouter} + {@code KafkaSinkConnector} (passthrough) re-publishes each event to
 * {@code <topic>.<tenant>}; one HTTPS endpoint connector per tenant reads its topic, takes the tenant from the
 * demux's {@code eventstream.tenant} header (trusting the demux's coordinates) and keeps only its tenant.
 *
 * <p>Connect's default header converter reads {@code 0042} and {@code 42} both as the number 42: with it, no
 * event may reach the other tenant's topic or endpoint (each is refused with the reason instead). With
 * {@code header.converter=ByteArrayConverter}, each endpoint gets all of its tenant's events and only those,
 * their ids the original coordinates even though the producer forged {@code eventstream.source.*} headers.
 */
class NumericTenantDemuxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TENANTS = List.of("0042", "42");
    private static final int EVENTS_PER_TENANT = 40;
    private static final String EXACT_HEADER_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private static ConnectClusterHarness harness;
    private static HttpsReceiver receiver;

    @BeforeAll
    static void start() {
        harness = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        harness.close();
    }

    @Test
    void withAnExactHeaderConverterEachEndpointGetsAllAndOnlyItsTenantsEvents() throws Exception {
        Scenario scenario = new Scenario("exact", EXACT_HEADER_CONVERTER);
        Map<Integer, String> originalIds = scenario.produceAndStart();

        for (String tenant : TENANTS) {
            Set<String> expectedIds = new TreeSet<>();
            originalIds.forEach((seq, id) -> {
                if (tenantOf(seq).equals(tenant)) {
                    expectedIds.add(id);
                }
            });
            await(tenant + "'s events at its endpoint").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .until(() -> scenario.deliveredIds(tenant).containsAll(expectedIds));
            assertThat(scenario.deliveredIds(tenant)).as("ids are the original coordinates").isEqualTo(expectedIds);
            assertThat(scenario.deliveredTenants(tenant)).as("only %s's events", tenant).containsOnly(tenant);
        }
        assertThat(harness.kafka().endOffsetSum(scenario.demuxDlq)).isZero();
    }

    @Test
    void withTheDefaultHeaderConverterNoEventReachesTheOtherTenantAndEachIsRefusedWithTheReason() throws Exception {
        Scenario scenario = new Scenario("default", null);
        scenario.produceAndStart();
        int total = EVENTS_PER_TENANT * TENANTS.size();

        await("every event routed or in the demux's DLQ").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> harness.kafka().endOffsetSum(scenario.demuxDlq) + scenario.routedCount() >= total);
        for (String tenant : TENANTS) {
            int routedCount = (int) harness.kafka().endOffsetSum(scenario.topicOf(tenant));
            for (ConsumerRecord<byte[], byte[]> routed : harness.kafka().read(scenario.topicOf(tenant), routedCount,
                    ConnectClusterHarness.STARTUP_TIMEOUT)) {
                assertThat(JSON.readTree(routed.value()).get("tenant").asText())
                    .as("an event routed to %s's topic", tenant).isEqualTo(tenant);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> refused = harness.kafka().read(scenario.demuxDlq, total,
            ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(refused).as("0042 and 42 both read as 42: every event refused").hasSize(total);
        for (ConsumerRecord<byte[], byte[]> record : refused) {
            assertThat(header(record, "__connect.errors.exception.message"))
                .contains("header.converter=" + EXACT_HEADER_CONVERTER);
        }
        for (String tenant : TENANTS) {
            assertThat(scenario.deliveredTenants(tenant)).as("%s's endpoint", tenant).isSubsetOf(tenant);
        }
    }

    private static String tenantOf(int seq) {
        return TENANTS.get(seq % TENANTS.size());
    }

    /** One demux and one endpoint per tenant, on topics of their own, with the given header converter (null: the worker's). */
    private static final class Scenario {
        private final String topic;
        private final String headerConverter;
        private final String demuxDlq;

        Scenario(String name, String headerConverter) {
            this.topic = "agent-events-" + name;
            this.headerConverter = headerConverter;
            this.demuxDlq = "es-dlq-demux-" + topic;
        }

        String topicOf(String tenant) {
            return topic + "." + tenant;
        }

        /** Produces the events, starts the connectors; returns each event's original id by its sequence number. */
        Map<Integer, String> produceAndStart() throws Exception {
            harness.kafka().createTopic(topic, 3);
            harness.kafka().createTopic(demuxDlq, 1);
            for (String tenant : TENANTS) {
                harness.kafka().createTopic(topicOf(tenant), 2);
            }
            List<TestRecord> records = new ArrayList<>();
            for (int seq = 0; seq < EVENTS_PER_TENANT * TENANTS.size(); seq++) {
                String tenant = tenantOf(seq);
                records.add(TestRecord.json(topic, "{\"id\":\"EventAgentReady\",\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\"}")
                    .withKey("agent-" + seq % 5)
                    .withHeader("ccid", tenant)
                    // forged by the producer: must not become the event's id
                    .withHeader("eventstream.source.topic", "forged")
                    .withHeader("eventstream.source.partition", "0")
                    .withHeader("eventstream.source.offset", Integer.toString(seq % 3)));
            }
            harness.kafka().produce(records);
            Map<Integer, String> originalIds = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> original : harness.kafka().read(topic, records.size(), ConnectClusterHarness.STARTUP_TIMEOUT)) {
                originalIds.put(JSON.readTree(original.value()).get("seq").asInt(),
                    topic + "-" + original.partition() + "-" + original.offset());
            }
            assertThat(originalIds).hasSize(records.size());

            harness.rest().putConnectorConfig("es-demux-" + topic, demuxConfig());
            for (String tenant : TENANTS) {
                harness.rest().putConnectorConfig(endpointName(tenant), endpointConfig(tenant));
            }
            harness.rest().awaitRunning("es-demux-" + topic, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
            for (String tenant : TENANTS) {
                harness.rest().awaitRunning(endpointName(tenant), 1, ConnectClusterHarness.STARTUP_TIMEOUT);
            }
            return originalIds;
        }

        long routedCount() {
            long routed = 0;
            for (String tenant : TENANTS) {
                routed += harness.kafka().endOffsetSum(topicOf(tenant));
            }
            return routed;
        }

        private String endpointName(String tenant) {
            return "es-" + tenant + "-" + topic;
        }

        private Map<String, String> demuxConfig() {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
            config.put("tasks.max", "1");
            config.put("topics", topic);
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            withHeaderConverter(config);
            config.put("consumer.override.auto.offset.reset", "earliest");
            withDlq(config, demuxDlq);
            config.put("transforms", "tenant");
            config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
            config.put("transforms.tenant.tenant.source", "header");
            config.put("transforms.tenant.tenant.header", "ccid");
            config.put("transforms.tenant.route.topic.template", "${topic}.${tenant}");
            config.put("target.bootstrap.servers", harness.bootstrapServers());
            config.put("value.format", "passthrough");
            return config;
        }

        private Map<String, String> endpointConfig(String tenant) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
            config.put("tasks.max", "1");
            config.put("topics", topicOf(tenant));
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "false");
            withHeaderConverter(config);
            config.put("consumer.override.auto.offset.reset", "earliest");
            withDlq(config, "es-dlq-" + tenant + "-" + topic);
            config.put("transforms", "tenant,onlyTenant");
            config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
            config.put("transforms.tenant.tenant.source", "header");
            config.put("transforms.tenant.tenant.header", "eventstream.tenant");
            config.put("transforms.tenant.source.coordinates.trusted", "true");
            config.put("transforms.onlyTenant.type", "org.apache.kafka.connect.transforms.Filter");
            config.put("transforms.onlyTenant.predicate", "isTenant");
            config.put("transforms.onlyTenant.negate", "true");
            config.put("predicates", "isTenant");
            config.put("predicates.isTenant.type", "dev.eventstream.connect.tenant.TenantMatches");
            config.put("predicates.isTenant.tenants", tenant);
            config.put("http.url", receiver.url(path(tenant)));
            config.put("body.format", "cloudevents");
            config.put("cloudevents.type.field", "id");
            config.put("batch.max.records", "20");
            config.put("batch.linger.ms", "50");
            config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString());
            config.put("ssl.truststore.type", "PEM");
            return config;
        }

        private void withHeaderConverter(Map<String, String> config) {
            if (headerConverter != null) {
                config.put("header.converter", headerConverter);
            }
        }

        private static void withDlq(Map<String, String> config, String dlq) {
            config.put("errors.tolerance", "all");
            config.put("errors.deadletterqueue.topic.name", dlq);
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            config.put("errors.deadletterqueue.context.headers.enable", "true");
        }

        private String path(String tenant) {
            return "/" + topic + "/" + tenant;
        }

        private List<JsonNode> delivered(String tenant) throws IOException {
            List<JsonNode> events = new ArrayList<>();
            for (ReceivedRequest request : receiver.acceptedRequests()) {
                if (request.path().equals(path(tenant))) {
                    request.bodyAsJson().forEach(events::add);
                }
            }
            return events;
        }

        Set<String> deliveredIds(String tenant) throws IOException {
            Set<String> ids = new TreeSet<>();
            delivered(tenant).forEach(event -> ids.add(event.get("id").asText()));
            return ids;
        }

        List<String> deliveredTenants(String tenant) throws IOException {
            List<String> tenants = new ArrayList<>();
            delivered(tenant).forEach(event -> tenants.add(event.get("data").get("tenant").asText()));
            return tenants;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
