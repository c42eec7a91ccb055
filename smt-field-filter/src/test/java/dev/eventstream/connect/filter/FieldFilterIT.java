package dev.eventstream.connect.filter;

import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real KRaft broker and Connect worker, a real TLS receiver: voice-callthread-like events carrying ANI, DNIS,
 * a credit card and an e-mail pass through Filter + FieldMatches and FieldFilter$Value; only subscribed event
 * types arrive, no raw PII value is in any byte received, and a record the filter cannot process lands in the
 * dead letter queue. The sink is the test-support posting sink (values as their toString(), here the
 * schemaless map the JsonConverter produced, after the transforms).
 */
class FieldFilterIT {

    private static final String TOPIC = "voice-callthread";
    private static final String DLQ = "es-dlq-acme-crm";
    private static final String SECRET = "it-hash-key-0123456789abcdef0123456789";
    private static final List<String> TYPES = List.of("EventRinging", "EventEstablished", "EventAgentReady",
            "EventHeld", "EventReleased");
    private static final Set<String> SUBSCRIBED = Set.of("EventEstablished", "EventAgentReady", "EventReleased");
    private static final int EVENTS = 200;
    private static final Pattern EVENT_TYPE = Pattern.compile("\\bid=(\\w+)");

    @Test
    void onlySubscribedEventsArriveAndNoRawPiiIsDelivered() {
        List<String> pii = new ArrayList<>();
        List<String> hashedEmails = new ArrayList<>();
        KeyedHasher hasher = new KeyedHasher(SECRET);
        List<TestRecord> records = new ArrayList<>();
        int subscribed = 0;
        for (int i = 0; i < EVENTS; i++) {
            String type = TYPES.get(i % TYPES.size());
            String ani = String.format("+1555%07d", i);
            String dnis = String.format("+1666%07d", i);
            String card = String.format("4111-2222-%04d-%04d", i / 10000, i % 10000);
            String email = "caller" + i + "@customer.example";
            pii.addAll(List.of(ani, dnis, card, email));
            if (SUBSCRIBED.contains(type)) {
                subscribed++;
                hashedEmails.add((String) hasher.hash(email));
            }
            String json = "{\"id\":\"" + type + "\",\"CallUuid\":\"call-" + i + "\",\"ANI\":\"" + ani + "\",\"DNIS\":\""
                    + dnis + "\",\"UserData\":{\"CreditCard\":\"" + card + "\",\"Segment\":\"gold\"},"
                    + "\"Parties\":[{\"name\":\"agent-" + i + "\",\"phone\":\"" + ani + "\"}],"
                    + "\"Extensions\":{\"CustomerEmail\":\"" + email + "\"}}";
            records.add(TestRecord.json(TOPIC, json).withKey("acme:call-" + i));
        }
        // A record the filter cannot process: UserData is a string, so UserData.CreditCard cannot be reached.
        records.add(TestRecord.json(TOPIC, "{\"id\":\"EventEstablished\",\"ANI\":\"+19990000000\",\"UserData\":\"oops\"}")
                .withKey("acme:broken"));
        pii.add("+19990000000");

        try (ConnectClusterHarness harness = ConnectClusterHarness.embedded(1);
             HttpsReceiver receiver = HttpsReceiver.start()) {
            harness.kafka().createTopic(TOPIC, 3);
            harness.kafka().produce(records, "lz4");
            harness.rest().putConnectorConfig("es-acme-crm", connectorConfig(receiver));
            harness.rest().awaitRunning("es-acme-crm", 1, ConnectClusterHarness.STARTUP_TIMEOUT);

            int expected = subscribed;
            await("all subscribed events delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> deliveredValues(receiver).size() >= expected);
            assertThat(harness.kafka().read(DLQ, 1, Duration.ofSeconds(30))).singleElement()
                    .satisfies(dead -> assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("acme:broken"));

            List<String> values = deliveredValues(receiver);
            assertThat(values).hasSize(expected);
            Map<String, Integer> perType = new HashMap<>();
            for (String value : values) {
                Matcher type = EVENT_TYPE.matcher(value);
                assertThat(type.find()).as("event type in %s", value).isTrue();
                perType.merge(type.group(1), 1, Integer::sum);
                assertThat(value).contains("ANI=****").contains("Segment=gold").doesNotContain("CreditCard");
            }
            assertThat(perType.keySet()).containsExactlyInAnyOrderElementsOf(SUBSCRIBED);
            assertThat(perType.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected);

            StringBuilder everything = new StringBuilder();
            for (ReceivedRequest request : receiver.requests()) {
                everything.append(new String(request.body(), StandardCharsets.UTF_8));
                request.headers().forEach((name, headerValues) -> everything.append(name).append(headerValues));
            }
            String received = everything.toString();
            for (String raw : pii) {
                assertThat(received).as("raw PII value in what the receiver got").doesNotContain(raw);
            }
            for (String hashed : hashedEmails) {
                assertThat(received).contains("CustomerEmail=" + hashed);
            }
        }
    }

    private static Map<String, String> connectorConfig(HttpsReceiver receiver) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.testing.connector.TestPostingSinkConnector");
        config.put("topics", TOPIC);
        config.put("tasks.max", "1");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("test.url", receiver.url("/hook"));
        config.put("test.truststore.location",
                receiver.certificates().truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("test.truststore.password", TestCertificates.PASSWORD);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");

        config.put("predicates", "subscribed");
        config.put("predicates.subscribed.type", FieldMatches.class.getName());
        config.put("predicates.subscribed.field", "id");
        config.put("predicates.subscribed.values", "EventEstablished,EventReleased");
        config.put("predicates.subscribed.patterns", "EventAgent*");

        config.put("transforms", "events,pii");
        config.put("transforms.events.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.events.predicate", "subscribed");
        config.put("transforms.events.negate", "true");
        config.put("transforms.pii.type", FieldFilter.Value.class.getName());
        config.put("transforms.pii.fields.drop", "UserData.CreditCard");
        config.put("transforms.pii.fields.mask", "ANI,DNIS,Parties.*.phone");
        config.put("transforms.pii.fields.hash", "Extensions.CustomerEmail");
        config.put("transforms.pii.fields.hash.secret", SECRET);

        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    private static List<String> deliveredValues(HttpsReceiver receiver) {
        List<String> values = new ArrayList<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            for (JsonNode record : request.bodyAsJson()) {
                values.add(record.path("value").asText());
            }
        }
        return values;
    }
}
