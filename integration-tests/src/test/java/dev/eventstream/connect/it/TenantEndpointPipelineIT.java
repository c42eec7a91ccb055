package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.ReceivedEvents;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole chain a customer endpoint runs, on a real broker and worker, into the real TLS receiver:
 * JsonConverter → TenantRouter → Filter(InPrimaryRegion) → Filter(FieldMatches) → FieldFilter → HttpsSinkConnector.
 * Five tenants' events are interleaved on one topic (three of the tenants look like {@code acme}); the
 * endpoint of {@code acme} must get exactly acme's subscribed events, PII dropped, masked or hashed,
 * gzip-compressed and signed, in order per partition; a malformed record goes to the DLQ.
 */
class TenantEndpointPipelineIT {

    private static final String TOPIC = "voice-callthread";
    private static final String CONNECTOR = "es-acme-crm";
    private static final String DLQ = "es-dlq-acme-crm";
    private static final int PARTITIONS = 3;
    private static final List<String> TENANTS = List.of("acme", "ACME", "acme2", "acme ", "globex");
    private static final List<String> EVENT_TYPES = List.of("EventRinging", "EventEstablished", "EventReleased", "EventHeld");
    private static final Set<String> SUBSCRIBED = Set.of("EventEstablished", "EventReleased");
    private static final int EVENTS_PER_TENANT = 120;
    private static final byte[] SIGNING_KEY = "acme-crm-signing-key-0123456789!".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1).withReceiver();

    @Test
    void deliversExactlyTheTenantsSubscribedEventsWithoutPii() throws Exception {
        Path regions = Files.createTempFile("regions", ".json");
        Files.writeString(regions, "{\"acme\":\"eu-west\",\"ACME\":\"eu-west\",\"acme2\":\"eu-west\",\"acme \":\"eu-west\",\"globex\":\"eu-west\"}");
        RIG.kafka().createTopic(TOPIC, PARTITIONS);

        List<TestRecord> records = new ArrayList<>();
        Set<Integer> expected = new TreeSet<>();
        List<String> rawPii = new ArrayList<>();
        int seq = 0;
        for (int i = 0; i < EVENTS_PER_TENANT; i++) {
            for (String tenant : TENANTS) {
                String type = EVENT_TYPES.get(seq % EVENT_TYPES.size());
                if (tenant.equals("acme") && SUBSCRIBED.contains(type)) {
                    expected.add(seq);
                }
                rawPii.add(ani(seq));
                rawPii.add(creditCard(seq));
                rawPii.add(email(seq));
                records.add(TestRecord.json(TOPIC, event(seq, tenant, type))
                    .withKey(tenant + ":call-" + seq)
                    .withPartition(seq % PARTITIONS));
                seq++;
            }
        }
        records.add(TestRecord.json(TOPIC, "{\"id\":\"EventEstablished\", broken").withKey("acme:call-x").withPartition(1));
        RIG.kafka().produce(records, "snappy");

        RIG.rest().putConnectorConfig(CONNECTOR, connectorConfig(regions));
        RIG.awaitRunning(CONNECTOR, 2);

        await("every subscribed acme event delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> deliveredSeqs().containsAll(expected));
        assertThat(deliveredSeqs()).containsExactlyElementsOf(expected);

        List<ReceivedRequest> accepted = RIG.receiver().acceptedRequests();
        for (ReceivedRequest request : accepted) {
            assertThat(request.header("content-encoding")).isEqualTo("gzip");
            assertThat(request.header("content-type")).isEqualTo("application/json");
            assertThat(signatureValid(request)).as("signature of %s", request).isTrue();
            String body = request.bodyAsString();
            assertThat(rawPii).noneMatch(body::contains);
            for (JsonNode event : request.bodyAsJson()) {
                int eventSeq = event.get("seq").asInt();
                assertThat(event.get("tenant").asText()).isEqualTo("acme");
                assertThat(SUBSCRIBED).contains(event.get("id").asText());
                assertThat(event.get("ANI").asText()).isEqualTo("****");
                assertThat(event.get("UserData").has("CreditCard")).isFalse();
                assertThat(event.get("UserData").get("Language").asText()).isEqualTo("en");
                assertThat(event.get("Extensions").get("CustomerEmail").asText()).isEqualTo(Endpoints.hashed(email(eventSeq)));
            }
        }
        assertInOrderPerPartition(accepted);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = RIG.kafka().read(DLQ, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(deadLetters).hasSize(1);
        assertThat(RecordText.header(deadLetters.get(0), "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
        RIG.rest().deleteConnector(CONNECTOR);
    }

    private static Map<String, String> connectorConfig(Path regions) {
        Map<String, String> inEuWest = Endpoints.regionsFile(regions);
        inEuWest.put("region.unknown.tenant", "drop");
        return Endpoints.tenantEndpoint(TOPIC, "acme", RIG.receiver(), "/acme/crm", DLQ).tasks(2).schemalessJsonValues()
            .with("batch.max.records", "40")
            .with("signing.secret", "whsec_" + Base64.getEncoder().encodeToString(SIGNING_KEY))
            .keepOnly("primaryRegion", "inPrimaryRegion", ChainConfig.IN_PRIMARY_REGION, inEuWest)
            .keepOnly("subscribed", "isSubscribed", ChainConfig.FIELD_MATCHES,
                Map.of("field", "id", "values", "EventEstablished", "patterns", "EventRel*"))
            .transform("pii", ChainConfig.FIELD_FILTER_VALUE, Endpoints.pii("ANI,DNIS"))
            .build();
    }

    private static String event(int seq, String tenant, String type) {
        return "{\"id\":\"" + type + "\",\"seq\":" + seq + ",\"tenant\":\"" + tenant + "\",\"CallUUID\":\"call-" + seq + "\","
            + "\"ANI\":\"" + ani(seq) + "\",\"DNIS\":\"+18005550199\","
            + "\"UserData\":{\"CreditCard\":\"" + creditCard(seq) + "\",\"Language\":\"en\"},"
            + "\"Extensions\":{\"CustomerEmail\":\"" + email(seq) + "\",\"Queue\":\"support\"}}";
    }

    private static String ani(int seq) {
        return String.format("+4930%07d", seq);
    }

    private static String creditCard(int seq) {
        return String.format("4111111111%06d", seq);
    }

    private static String email(int seq) {
        return "customer" + seq + "@mail.example";
    }

    private static Set<Integer> deliveredSeqs() {
        Set<Integer> seqs = new TreeSet<>();
        ReceivedEvents.accepted(RIG.receiver()).forEach(event -> seqs.add(event.get("seq").asInt()));
        return seqs;
    }

    /** Within each partition (seq % 3), first deliveries arrive in increasing seq order. */
    private static void assertInOrderPerPartition(List<ReceivedRequest> accepted) {
        Map<Integer, Integer> lastSeq = new LinkedHashMap<>();
        Set<Integer> seen = new TreeSet<>();
        for (ReceivedRequest request : accepted) {
            for (JsonNode event : request.bodyAsJson()) {
                int eventSeq = event.get("seq").asInt();
                if (seen.add(eventSeq)) {
                    int partition = eventSeq % PARTITIONS;
                    assertThat(eventSeq).as("partition %d order", partition).isGreaterThan(lastSeq.getOrDefault(partition, -1));
                    lastSeq.put(partition, eventSeq);
                }
            }
        }
    }

    /** Standard Webhooks: {@code v1,base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))}. */
    private static boolean signatureValid(ReceivedRequest request) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNING_KEY, "HmacSHA256"));
        mac.update((request.header("webhook-id") + "." + request.header("webhook-timestamp") + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.body()));
        return List.of(request.header("webhook-signature").split(" ")).contains(expected);
    }
}
