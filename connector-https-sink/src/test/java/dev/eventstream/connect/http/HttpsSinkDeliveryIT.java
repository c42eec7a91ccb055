package dev.eventstream.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.ScriptedResponse;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector on a real Connect worker against a real TLS receiver: one cluster and one receiver for the
 * whole class; each scenario has its own topic, connector and receiver path.
 */
class HttpsSinkDeliveryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ConnectClusterHarness cluster;
    private static HttpsReceiver receiver;
    private static final Map<String, Function<ReceivedRequest, ScriptedResponse>> responders = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() {
        cluster = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
        receiver.respondWith(request -> responders.getOrDefault(request.path(), r -> ScriptedResponse.ok()).apply(request));
    }

    @AfterAll
    static void stopCluster() {
        if (receiver != null) {
            receiver.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static Map<String, String> connectorConfig(String topic, String url, TestCertificates certificates) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", HttpsSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("http.url", url);
        config.put("ssl.truststore.location", certificates.truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("ssl.truststore.type", "PKCS12");
        config.put("batch.linger.ms", "20");
        config.put("signing.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        config.put("consumer.override.auto.offset.reset", "earliest");
        return config;
    }

    static List<TestRecord> events(String topic, int partitions, int count) {
        List<TestRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int p = i % partitions;
            records.add(TestRecord.json(topic, "{\"id\":\"" + p + "-" + (i / partitions) + "\",\"i\":" + i + "}").withPartition(p));
        }
        return records;
    }

    /** Ids in request order, from the JSON array bodies accepted at {@code path}. */
    static List<String> deliveredIds(HttpsReceiver receiver, String path) {
        List<String> ids = new ArrayList<>();
        for (ReceivedRequest request : receiver.requests()) {
            if (request.path().equals(path) && request.answeredStatus() / 100 == 2) {
                for (JsonNode event : request.bodyAsJson()) {
                    ids.add(event.get("id").asText());
                }
            }
        }
        return ids;
    }

    /** Every id arrived, and per partition the first arrivals are in order. */
    static void assertCompleteAndOrdered(List<String> ids, int partitions, int count) {
        Map<String, Integer> lastSeen = new HashMap<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (String id : ids) {
            if (seen.put(id, true) != null) {
                continue; // a redelivery
            }
            String[] parts = id.split("-");
            int n = Integer.parseInt(parts[1]);
            Integer previous = lastSeen.put(parts[0], n);
            assertThat(n).as("first arrival of %s after %s", id, previous).isEqualTo(previous == null ? 0 : previous + 1);
        }
        assertThat(seen).hasSize(count);
    }

    @Test
    void tenThousandRecordsOverThreePartitionsArriveInOrder() {
        String topic = "it-bulk";
        cluster.kafka().createTopic(topic, 3);
        cluster.kafka().produce(events(topic, 3, 10_000));
        cluster.rest().putConnectorConfig("es-it-bulk", connectorConfig(topic, receiver.url("/bulk"), receiver.certificates()));
        cluster.rest().awaitRunning("es-it-bulk", 1, TIMEOUT);
        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/bulk").stream().distinct().count() == 10_000);
        assertCompleteAndOrdered(deliveredIds(receiver, "/bulk"), 3, 10_000);
        ReceivedRequest one = receiver.requests().stream().filter(r -> r.path().equals("/bulk")).findFirst().orElseThrow();
        assertThat(one.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(one.header("webhook-signature")).startsWith("v1,");
        cluster.rest().deleteConnector("es-it-bulk");
    }

    @Test
    void retryAfterIsHonoured() {
        String topic = "it-429";
        cluster.kafka().createTopic(topic, 1);
        AtomicInteger calls = new AtomicInteger();
        responders.put("/429", r -> calls.incrementAndGet() == 1
                ? ScriptedResponse.status(429).withRetryAfter(5) : ScriptedResponse.ok());
        cluster.kafka().produce(events(topic, 1, 20));
        cluster.rest().putConnectorConfig("es-it-429", connectorConfig(topic, receiver.url("/429"), receiver.certificates()));
        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/429").size() >= 20);
        List<Instant> times = receiver.requests().stream().filter(r -> r.path().equals("/429"))
                .map(ReceivedRequest::receivedAt).toList();
        assertThat(times.size()).isGreaterThanOrEqualTo(2);
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertCompleteAndOrdered(deliveredIds(receiver, "/429"), 1, 20);
        cluster.rest().deleteConnector("es-it-429");
    }

    @Test
    void badRequestsLandInTheDlqWithTheReasonAndTheRestIsDelivered() {
        String topic = "it-400";
        String dlq = "es-dlq-it-400";
        cluster.kafka().createTopic(topic, 2);
        cluster.kafka().createTopic(dlq, 1);
        responders.put("/400", r -> r.bodyAsString().contains("\"poison\":true")
                ? ScriptedResponse.status(400).withBody("{\"error\":\"poison event rejected\"}") : ScriptedResponse.ok());
        List<TestRecord> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean poison = i % 37 == 5;
            records.add(TestRecord.json(topic, "{\"id\":\"" + (i % 2) + "-" + (i / 2) + "\",\"poison\":" + poison + "}")
                    .withPartition(i % 2));
        }
        long poisonCount = records.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("true")).count();
        cluster.kafka().produce(records);
        Map<String, String> config = connectorConfig(topic, receiver.url("/400"), receiver.certificates());
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("batch.max.records", "50");
        cluster.rest().putConnectorConfig("es-it-400", config);
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            dead.clear();
            dead.addAll(cluster.kafka().read(dlq, (int) poisonCount, Duration.ofSeconds(2)));
            assertThat(dead).hasSize((int) poisonCount);
        });
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"poison\":true");
            Header message = record.headers().lastHeader("__connect.errors.exception.message");
            assertThat(new String(message.value(), StandardCharsets.UTF_8))
                    .contains("HTTP 400", "poison event rejected", "attempt");
        }
        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/400").stream().distinct().count() == 200 - poisonCount);
        cluster.rest().deleteConnector("es-it-400");
    }

    @Test
    void mutualTlsEndpointGetsTheClientCertificate() {
        String topic = "it-mtls";
        cluster.kafka().createTopic(topic, 1);
        cluster.kafka().produce(events(topic, 1, 10));
        try (HttpsReceiver mtls = HttpsReceiver.builder().requireClientCertificate().start()) {
            Map<String, String> config = connectorConfig(topic, mtls.url("/mtls"), mtls.certificates());
            config.put("ssl.keystore.location", mtls.certificates().clientKeystore(TestCertificates.StoreType.PEM).toString());
            config.put("ssl.keystore.type", "PEM");
            cluster.rest().putConnectorConfig("es-it-mtls", config);
            await().atMost(TIMEOUT).until(() -> deliveredIds(mtls, "/mtls").size() >= 10);
            assertThat(mtls.requests()).allSatisfy(r ->
                    assertThat(r.clientCertificateSubject()).contains(mtls.certificates().clientCommonName()));
            cluster.rest().deleteConnector("es-it-mtls");
        }
    }

    @Test
    void oauth2TokenThatExpiresDuringTheRunIsRefreshed() {
        String topic = "it-oauth";
        cluster.kafka().createTopic(topic, 1);
        AtomicInteger issued = new AtomicInteger();
        Map<String, Instant> expiries = new ConcurrentHashMap<>();
        responders.put("/token", r -> {
            String token = "tok-" + issued.incrementAndGet();
            expiries.put(token, Instant.now().plusSeconds(2));
            return ScriptedResponse.ok().withHeader("Content-Type", "application/json")
                    .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":2}");
        });
        responders.put("/oauth", r -> {
            String auth = r.header("Authorization");
            Instant expiry = auth == null ? null : expiries.get(auth.substring("Bearer ".length()));
            return expiry != null && Instant.now().isBefore(expiry) ? ScriptedResponse.ok() : ScriptedResponse.status(401);
        });
        Map<String, String> config = connectorConfig(topic, receiver.url("/oauth"), receiver.certificates());
        config.put("auth.type", "oauth2");
        config.put("auth.oauth2.token.url", receiver.url("/token"));
        config.put("auth.oauth2.client.id", "es");
        config.put("auth.oauth2.client.secret", "client-secret");
        config.put("auth.oauth2.refresh.skew.ms", "500");
        cluster.rest().putConnectorConfig("es-it-oauth", config);
        cluster.rest().awaitRunning("es-it-oauth", 1, TIMEOUT);
        List<TestRecord> all = events(topic, 1, 30);
        String previousToken = null;
        for (int i = 0; i < 6; i++) {
            cluster.kafka().produce(all.subList(i * 5, i * 5 + 5));
            int expected = i * 5 + 5;
            await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/oauth").size() >= expected);
            List<ReceivedRequest> accepted = receiver.requests().stream()
                    .filter(r -> r.path().equals("/oauth") && r.answeredStatus() == 200).toList();
            String used = accepted.get(accepted.size() - 1).header("Authorization").substring("Bearer ".length());
            if (previousToken != null) {
                assertThat(used).as("a token past its refresh point (expiry - skew) is replaced before use")
                        .isNotEqualTo(previousToken);
            }
            previousToken = used;
            // the token is due for refresh (2 s lifetime, 500 ms skew) but not expired yet
            Instant refreshDue = expiries.get(used).minusMillis(300);
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(refreshDue));
        }
        assertCompleteAndOrdered(deliveredIds(receiver, "/oauth"), 1, 30);
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/oauth") && r.answeredStatus() == 401))
                .as("tokens are refreshed before they expire, not after a 401").isEmpty();
        assertThat(cluster.rest().connectorStatus("es-it-oauth").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        cluster.rest().deleteConnector("es-it-oauth");
    }
}
