package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    private static final String HASH_SECRET = "pseudonymization-secret";

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
    void deliversExactlyTheTenantsSubscribedEventsWithoutPii() throws Exception {
        Path regions = Files.createTempFile("regions", ".json");
        Files.writeString(regions, "{\"acme\":\"eu-west\",\"ACME\":\"eu-west\",\"acme2\":\"eu-west\",\"acme \":\"eu-west\",\"globex\":\"eu-west\"}");
        harness.kafka().createTopic(TOPIC, PARTITIONS);

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
        harness.kafka().produce(records, "snappy");

        harness.rest().putConnectorConfig(CONNECTOR, connectorConfig(regions));
        harness.rest().awaitRunning(CONNECTOR, 2, ConnectClusterHarness.STARTUP_TIMEOUT);

        await("every subscribed acme event delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> deliveredSeqs().containsAll(expected));
        assertThat(deliveredSeqs()).containsExactlyElementsOf(expected);

        List<ReceivedRequest> accepted = receiver.acceptedRequests();
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
                assertThat(event.get("Extensions").get("CustomerEmail").asText()).isEqualTo(hmacHex(email(eventSeq)));
            }
        }
        assertInOrderPerPartition(accepted);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = harness.kafka().read(DLQ, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).headers().lastHeader("__connect.errors.stage").value(), StandardCharsets.UTF_8))
            .isEqualTo("VALUE_CONVERTER");
        harness.rest().deleteConnector(CONNECTOR);
    }

    private static Map<String, String> connectorConfig(Path regions) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("tasks.max", "2");
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");

        config.put("http.url", receiver.url("/acme/crm"));
        config.put("batch.max.records", "40");
        config.put("batch.linger.ms", "50");
        config.put("signing.secret", "whsec_" + Base64.getEncoder().encodeToString(SIGNING_KEY));
        config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString());
        config.put("ssl.truststore.type", "PEM");

        config.put("transforms", "tenant,primaryRegion,subscribed,pii");
        config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        config.put("transforms.tenant.tenant.source", "key");
        config.put("transforms.tenant.tenant.template", "{tenant_id}:{callthread_id}");
        config.put("transforms.tenant.tenant.allowed", "acme");
        config.put("transforms.primaryRegion.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.primaryRegion.predicate", "inPrimaryRegion");
        config.put("transforms.primaryRegion.negate", "true");
        config.put("transforms.subscribed.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.subscribed.predicate", "isSubscribed");
        config.put("transforms.subscribed.negate", "true");
        config.put("transforms.pii.type", "dev.eventstream.connect.filter.FieldFilter$Value");
        config.put("transforms.pii.fields.drop", "UserData.CreditCard");
        config.put("transforms.pii.fields.mask", "ANI,DNIS");
        config.put("transforms.pii.fields.hash", "Extensions.CustomerEmail");
        config.put("transforms.pii.fields.hash.secret", HASH_SECRET);

        config.put("predicates", "inPrimaryRegion,isSubscribed");
        config.put("predicates.inPrimaryRegion.type", "dev.eventstream.connect.region.InPrimaryRegion");
        config.put("predicates.inPrimaryRegion.region.local", "eu-west");
        config.put("predicates.inPrimaryRegion.region.source", "file");
        config.put("predicates.inPrimaryRegion.region.file.path", regions.toString());
        config.put("predicates.inPrimaryRegion.region.unknown.tenant", "drop");
        config.put("predicates.isSubscribed.type", "dev.eventstream.connect.filter.FieldMatches");
        config.put("predicates.isSubscribed.field", "id");
        config.put("predicates.isSubscribed.values", "EventEstablished");
        config.put("predicates.isSubscribed.patterns", "EventRel*");
        return config;
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
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            request.bodyAsJson().forEach(event -> seqs.add(event.get("seq").asInt()));
        }
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

    private static String hmacHex(String value) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HASH_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
}
