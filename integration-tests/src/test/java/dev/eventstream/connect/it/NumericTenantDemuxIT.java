package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedEvents;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.TestRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();

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
        assertThat(RIG.kafka().endOffsetSum(scenario.demuxDlq)).isZero();
    }

    @Test
    void withTheDefaultHeaderConverterNoEventReachesTheOtherTenantAndEachIsRefusedWithTheReason() throws Exception {
        Scenario scenario = new Scenario("default", null);
        scenario.produceAndStart();
        int total = EVENTS_PER_TENANT * TENANTS.size();

        await("every event routed or in the demux's DLQ").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> RIG.kafka().endOffsetSum(scenario.demuxDlq) + scenario.routedCount() >= total);
        for (String tenant : TENANTS) {
            int routedCount = (int) RIG.kafka().endOffsetSum(scenario.topicOf(tenant));
            for (ConsumerRecord<byte[], byte[]> routed : RIG.kafka().read(scenario.topicOf(tenant), routedCount,
                    ConnectClusterHarness.STARTUP_TIMEOUT)) {
                assertThat(JSON.readTree(routed.value()).get("tenant").asText())
                    .as("an event routed to %s's topic", tenant).isEqualTo(tenant);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> refused = RIG.kafka().read(scenario.demuxDlq, total,
            ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(refused).as("0042 and 42 both read as 42: every event refused").hasSize(total);
        for (ConsumerRecord<byte[], byte[]> record : refused) {
            assertThat(RecordText.header(record, "__connect.errors.exception.message"))
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
            RIG.kafka().createTopic(topic, 3);
            RIG.kafka().createTopic(demuxDlq, 1);
            for (String tenant : TENANTS) {
                RIG.kafka().createTopic(topicOf(tenant), 2);
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
            RIG.kafka().produce(records);
            Map<Integer, String> originalIds = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> original : RIG.kafka().read(topic, records.size(), ConnectClusterHarness.STARTUP_TIMEOUT)) {
                originalIds.put(JSON.readTree(original.value()).get("seq").asInt(),
                    topic + "-" + original.partition() + "-" + original.offset());
            }
            assertThat(originalIds).hasSize(records.size());

            RIG.rest().putConnectorConfig("es-demux-" + topic, demuxConfig());
            for (String tenant : TENANTS) {
                RIG.rest().putConnectorConfig(endpointName(tenant), endpointConfig(tenant));
            }
            RIG.awaitRunning("es-demux-" + topic, 1);
            for (String tenant : TENANTS) {
                RIG.awaitRunning(endpointName(tenant), 1);
            }
            return originalIds;
        }

        long routedCount() {
            long routed = 0;
            for (String tenant : TENANTS) {
                routed += RIG.kafka().endOffsetSum(topicOf(tenant));
            }
            return routed;
        }

        private String endpointName(String tenant) {
            return "es-" + tenant + "-" + topic;
        }

        private Map<String, String> demuxConfig() {
            return withHeaderConverter(Endpoints.demux(topic, RIG.cluster().bootstrapServers(),
                    Map.of("tenant.source", "header", "tenant.header", "ccid")))
                .deadLetterQueue(demuxDlq)
                .build();
        }

        private Map<String, String> endpointConfig(String tenant) {
            return withHeaderConverter(Endpoints.cloudEventsEndpoint(topicOf(tenant), RIG.receiver(), path(tenant)))
                .with("batch.max.records", "20")
                .deadLetterQueue("es-dlq-" + tenant + "-" + topic)
                .transform("tenant", ChainConfig.TENANT_ROUTER,
                    Map.of("tenant.source", "header", "tenant.header", "eventstream.tenant", "source.coordinates.trusted", "true"))
                .keepOnly("onlyTenant", "isTenant", ChainConfig.TENANT_MATCHES, Map.of("tenants", tenant))
                .build();
        }

        private ChainConfig withHeaderConverter(ChainConfig chain) {
            return headerConverter == null ? chain : chain.headers(headerConverter);
        }

        private String path(String tenant) {
            return "/" + topic + "/" + tenant;
        }

        Set<String> deliveredIds(String tenant) {
            Set<String> ids = new TreeSet<>();
            ReceivedEvents.accepted(RIG.receiver(), path(tenant)).forEach(event -> ids.add(event.get("id").asText()));
            return ids;
        }

        List<String> deliveredTenants(String tenant) {
            List<String> tenants = new ArrayList<>();
            ReceivedEvents.accepted(RIG.receiver(), path(tenant)).forEach(event -> tenants.add(event.get("data").get("tenant").asText()));
            return tenants;
        }
    }
}
