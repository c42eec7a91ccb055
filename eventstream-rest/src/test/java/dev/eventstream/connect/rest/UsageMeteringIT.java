package dev.eventstream.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.TestCertificates;
import dev.eventstream.connect.testing.TestRecord;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS sink's usage on real workers, read back through {@code GET /eventstream/usage}, against what the real TLS
 * receiver saw: records, JSON bytes (bodies after gzip is undone) and wire bytes (bodies as received), requests.
 */
class UsageMeteringIT {

    private static final String TOPIC = "voice-callthread";
    private static final String CONNECTOR = "es-acme-crm";
    private static final String USAGE_TOPIC = "eventstream-usage";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpsReceiver receiver;
    private ConnectClusterHarness harness;
    private EmbeddedKafkaCluster usageCluster;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (usageCluster != null) {
            usageCluster.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void startCluster(int workers) {
        receiver = HttpsReceiver.start();
        Map<String, String> worker = new HashMap<>();
        worker.put("rest.extension.classes", EventStreamRestExtension.class.getName());
        worker.put(EventStreamRestConfig.CONFIG_DIR, Path.of("..", "connector-configs").toAbsolutePath().toString());
        harness = ConnectClusterHarness.embedded(workers, worker);
        harness.kafka().createTopic(TOPIC, 3);
    }

    private Map<String, String> connector(int tasks, String usageBootstrapServers) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.encoding", "json");
        config.put("header.converter", EventStreamHeaders.EXACT_HEADER_CONVERTER);
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("http.url", receiver.url("/acme/crm"));
        config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PEM).toString());
        config.put("ssl.truststore.type", "PEM");
        config.put("batch.max.records", "7");
        config.put("batch.linger.ms", "20");
        config.put("usage.topic", USAGE_TOPIC);
        config.put("usage.bootstrap.servers", usageBootstrapServers);
        config.put("usage.flush.interval.ms", "500");
        return config;
    }

    private void produce(int from, int count) {
        List<TestRecord> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            records.add(TestRecord.json(TOPIC, "{\"id\":\"EventEstablished\",\"CallUUID\":\"c-" + i + "\",\"seq\":" + i
                + ",\"padding\":\"" + "x".repeat(i % 50) + "\"}").withKey("acme:c-" + i).withPartition(i % 3)
                .withHeader(EventStreamHeaders.TENANT, "acme"));
        }
        harness.kafka().produce(records);
    }

    /** What the receiver accepted, as usage counts (no failures are scripted where this is used). */
    private UsageCounts received() {
        List<ReceivedRequest> accepted = receiver.acceptedRequests();
        long records = accepted.stream().mapToLong(r -> r.bodyAsJson().size()).sum();
        long json = accepted.stream().mapToLong(r -> r.body().length).sum();
        long wire = accepted.stream().mapToLong(ReceivedRequest::wireBodyLength).sum();
        return new UsageCounts(records, json, wire, accepted.size(), 0, 0, 0);
    }

    private Set<String> distinctEvents() {
        Set<String> ids = new HashSet<>();
        receiver.acceptedRequests().forEach(r -> r.bodyAsJson().forEach(e -> ids.add(e.get("CallUUID").asText())));
        return ids;
    }

    private UsageCounts usageTotal() {
        ApiClient api = new ApiClient(harness.rest().baseUrl(), null);
        ApiClient.Answer answer = api.get("/eventstream/usage?tenant=acme&endpoint=crm&topic=" + TOPIC + "&granularity=day");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode total = answer.json().get("total");
        return MAPPER.convertValue(total, UsageCounts.class);
    }

    private static UsageCounts withoutRedelivered(UsageCounts c) {
        return new UsageCounts(c.records(), c.jsonBytes(), c.wireBytes(), c.requests(), c.failedAttempts(), c.dlq(), 0);
    }

    @Test
    void threeTasksOnThreeWorkersPublishWhatTheReceiverSawAndTheFiguresOutliveAWorkerRestart() throws Exception {
        startCluster(3);
        harness.rest().putConnectorConfig(CONNECTOR, connector(3, harness.bootstrapServers()));
        harness.rest().awaitRunning(CONNECTOR, 3, ConnectClusterHarness.STARTUP_TIMEOUT);
        // every task owns one partition before the events arrive, so that each one delivers a third of them
        await("one partition per task").atMost(ConnectClusterHarness.STARTUP_TIMEOUT).until(() -> {
            ConsumerGroupDescription group = harness.kafka().admin()
                .describeConsumerGroups(List.of("connect-" + CONNECTOR)).all().get().get("connect-" + CONNECTOR);
            return group.members().size() == 3
                && group.members().stream().allMatch(m -> m.assignment().topicPartitions().size() == 1);
        });
        produce(0, 150);
        await("150 events delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> distinctEvents().size() == 150);
        await("the usage route reports what the receiver saw").atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(withoutRedelivered(usageTotal())).isEqualTo(received()));
        Set<String> sources = latestUsage(harness.bootstrapServers()).keySet().stream().map(UsageKey::source)
            .map(source -> source.substring(0, source.lastIndexOf('/'))).collect(Collectors.toSet());
        assertThat(sources).as("every task published its part").containsExactlyInAnyOrder(
            CONNECTOR + "/0", CONNECTOR + "/1", CONNECTOR + "/2");

        // a worker leaves (its tasks move, stop and publish what they had) and another one joins
        harness.connect().removeWorker();
        harness.connect().addWorker();
        harness.connect().assertions().assertAtLeastNumWorkersAreUp(3, "the new worker did not start");
        harness.rest().awaitRunning(CONNECTOR, 3, ConnectClusterHarness.STARTUP_TIMEOUT);
        produce(150, 60);
        await("all 210 events delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> distinctEvents().size() == 210);
        await("the figures still add up after the restart").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            UsageCounts usage = usageTotal();
            assertThat(withoutRedelivered(usage)).isEqualTo(received());
            assertThat(usage.records() - usage.redelivered()).as("first deliveries: the distinct events")
                .isEqualTo(distinctEvents().size());
        });
    }

    @Test
    void aUsageOutageNeitherStopsDeliveryNorLosesTheFigures() throws Exception {
        usageCluster = new EmbeddedKafkaCluster(1, new Properties());
        usageCluster.start();
        startCluster(1);
        harness.rest().putConnectorConfig(CONNECTOR, connector(1, usageCluster.bootstrapServers()));
        harness.rest().awaitRunning(CONNECTOR, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        produce(0, 30);
        await("30 events delivered").atMost(ConnectClusterHarness.STARTUP_TIMEOUT).until(() -> distinctEvents().size() == 30);
        await("published").atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(total(usageCluster.bootstrapServers())).isEqualTo(received()));

        usageCluster.stopOnlyBrokers();
        produce(30, 60);
        await("delivery goes on while the usage cluster is down").atMost(Duration.ofSeconds(30))
            .until(() -> distinctEvents().size() == 90);

        usageCluster.restartOnlyBrokers();
        await("the figures catch up").atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(total(usageCluster.bootstrapServers())).isEqualTo(received()));
    }

    @Test
    void theKafkaSinkPublishesItsUsageToo() {
        startCluster(1);
        harness.kafka().createTopic("genesys-events", 1);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("header.converter", EventStreamHeaders.EXACT_HEADER_CONVERTER);
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("target.bootstrap.servers", harness.bootstrapServers());
        config.put("target.topic", "genesys-events");
        config.put("usage.topic", USAGE_TOPIC);
        config.put("usage.bootstrap.servers", harness.bootstrapServers());
        config.put("usage.flush.interval.ms", "500");
        produce(0, 20);
        harness.rest().putConnectorConfig("es-globex-lake", config);
        List<ConsumerRecord<byte[], byte[]>> written = harness.kafka().read("genesys-events", 20,
            ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(written).hasSize(20);
        long values = written.stream().mapToLong(r -> r.value().length).sum();
        long wire = 0;
        for (ConsumerRecord<byte[], byte[]> record : written) {
            wire += record.key().length + record.value().length;
            for (Header header : record.headers()) {
                wire += header.key().getBytes(StandardCharsets.UTF_8).length + header.value().length;
            }
        }
        long expectedWire = wire;
        await("the Kafka sink's usage published").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<UsageKey, UsageCounts> usage = latestUsage(harness.bootstrapServers());
            assertThat(usage.keySet()).extracting(UsageKey::tenant, UsageKey::endpoint, UsageKey::topic)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("acme", "es-globex-lake", TOPIC));
            assertThat(usage.values().stream().reduce(UsageCounts.ZERO, UsageCounts::plus))
                .isEqualTo(new UsageCounts(20, values, expectedWire, 20, 0, 0, 0));
        });
    }

    /** What GET /eventstream/usage reads, from the usage topic of {@code bootstrapServers}. */
    private static Map<UsageKey, UsageCounts> latestUsage(String bootstrapServers) {
        return new UsageReader(USAGE_TOPIC, Map.of("bootstrap.servers", bootstrapServers)).latest();
    }

    private static UsageCounts total(String bootstrapServers) {
        return latestUsage(bootstrapServers).values().stream().reduce(UsageCounts.ZERO, UsageCounts::plus);
    }
}
