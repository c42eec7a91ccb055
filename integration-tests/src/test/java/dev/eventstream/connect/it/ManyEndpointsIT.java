package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many endpoints on one worker (issue 17): 100 HTTPS endpoint connectors of the real chain (TenantRouter →
 * InPrimaryRegion → ConvertValue → FieldMatches → FieldFilter, gzip + signed), 1 task each, each for its own tenant
 * and posting to its own URL on the real TLS receiver, all reading one multi-tenant topic on one real worker. Each
 * URL receives exactly its tenant's subscribed events, PII removed, and no other tenant's; the worker's tasks share
 * one sender pool instead of owning threads. Functional, not timed.
 */
class ManyEndpointsIT {

    private static final int ENDPOINTS = 100;
    private static final int PARTITIONS = 3;
    private static final int EVENTS_PER_TENANT = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();
    private static Path regions;

    @BeforeAll
    static void writeRegions() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < ENDPOINTS; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(tenant(i)).append("\":\"eu-west\"");
        }
        regions = Files.createTempFile("regions", ".json");
        Files.writeString(regions, json.append('}').toString());
    }

    @AfterAll
    static void deleteRegions() throws IOException {
        Files.deleteIfExists(regions);
    }

    @Test
    void aHundredEndpointConnectorsOnOneWorkerEachDeliverOnlyTheirTenantsEvents() {
        String topic = "voice-callthread";
        RIG.kafka().createTopic(topic, PARTITIONS);
        List<TestRecord> records = new ArrayList<>();
        Map<String, Set<Integer>> expected = new TreeMap<>();
        int seq = 0;
        for (int round = 0; round < EVENTS_PER_TENANT; round++) {
            for (int i = 0; i < ENDPOINTS; i++) {
                String tenant = tenant(i);
                // the last round's events are of a type no endpoint subscribed to: filtered, never delivered
                String type = round == EVENTS_PER_TENANT - 1 ? "EventRinging" : "EventEstablished";
                records.add(TestRecord.json(topic, event(seq, tenant, type)).withKey(tenant + ":call-" + seq)
                        .withPartition(seq % PARTITIONS));
                if (round < EVENTS_PER_TENANT - 1) {
                    expected.computeIfAbsent(tenant, t -> new TreeSet<>()).add(seq);
                }
                seq++;
            }
        }
        records.add(TestRecord.json(topic, event(seq, "initech", "EventEstablished")).withKey("initech:call-x"));
        RIG.kafka().produce(records, "lz4");

        for (int i = 0; i < ENDPOINTS; i++) {
            RIG.rest().putConnectorConfig("es-" + tenant(i) + "-crm", endpointConfig(topic, tenant(i)));
        }
        for (int i = 0; i < ENDPOINTS; i++) {
            RIG.awaitRunning("es-" + tenant(i) + "-crm", 1);
        }

        await("every tenant's subscribed events at its own URL").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                .until(() -> deliveredByPath().equals(expected));
        Map<String, Set<Integer>> delivered = deliveredByPath();
        assertThat(delivered).hasSize(ENDPOINTS).isEqualTo(expected);
        for (ReceivedRequest request : RIG.receiver().acceptedRequests()) {
            String tenant = tenantOfPath(request);
            for (JsonNode event : events(request)) {
                assertThat(event.get("tenant").asText()).as("an event at %s", request.uri().getPath()).isEqualTo(tenant);
                assertThat(event.path("UserData").has("CreditCard")).as("PII dropped").isFalse();
            }
        }
        long senderThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("eventstream-https-sender-")).count();
        assertThat(senderThreads).as("one pool per worker, sized to the machine")
                .isPositive().isLessThanOrEqualTo(Math.max(32, 8 * Runtime.getRuntime().availableProcessors()));
        assertThat(Thread.getAllStackTraces().keySet()).as("no thread of a task of its own")
                .noneMatch(t -> t.getName().startsWith("https-sink-"));
    }

    private static Map<String, String> endpointConfig(String topic, String tenant) {
        String dlq = "es-dlq-" + tenant + "-crm";
        return Endpoints.tenantEndpoint(topic, tenant, RIG.receiver(), "/" + tenant + "/crm", dlq)
                .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, Endpoints.regionsFile(regions))
                .values(ChainConfig.BYTE_ARRAY_CONVERTER)
                .transform("convert", ChainConfig.CONVERT_VALUE, Map.of())
                .keepOnly("subscribed", "isSubscribed", ChainConfig.FIELD_MATCHES,
                        Map.of("field", "id", "values", "EventEstablished,EventReleased"))
                .transform("pii", ChainConfig.FIELD_FILTER_VALUE, Endpoints.pii("ANI"))
                .with("signing.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .build();
    }

    /** The seqs each path received (first deliveries and redeliveries alike), by tenant. */
    private static Map<String, Set<Integer>> deliveredByPath() {
        Map<String, Set<Integer>> out = new HashMap<>();
        for (ReceivedRequest request : RIG.receiver().acceptedRequests()) {
            Set<Integer> seqs = out.computeIfAbsent(tenantOfPath(request), t -> new TreeSet<>());
            for (JsonNode event : events(request)) {
                seqs.add(event.get("seq").asInt());
            }
        }
        return new TreeMap<>(out);
    }

    private static String tenantOfPath(ReceivedRequest request) {
        return request.uri().getPath().split("/")[1];
    }

    private static JsonNode events(ReceivedRequest request) {
        try {
            return MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tenant(int i) {
        return String.format("tenant%03d", i);
    }

    private static String event(int seq, String tenant, String type) {
        return "{\"id\":\"" + type + "\",\"tenant\":\"" + tenant + "\",\"seq\":" + seq + ",\"ANI\":\"+4930" + seq
                + "\",\"UserData\":{\"CreditCard\":\"4111111111111111\",\"Language\":\"en\"},"
                + "\"Extensions\":{\"CustomerEmail\":\"c" + seq + "@mail.example\"}}";
    }
}
