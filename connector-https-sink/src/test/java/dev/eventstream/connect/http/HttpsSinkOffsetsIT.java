package dev.eventstream.connect.http;

import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.assertCompleteAndOrdered;
import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.connectorConfig;
import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.deliveredIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the connector commits, on a real worker: offsets of records the chain filtered out, offsets under a
 * topic-renaming transform, and what a restart resumes from.
 */
class HttpsSinkOffsetsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ConnectClusterHarness cluster;
    private static HttpsReceiver receiver;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectClusterHarness.embedded(1);
        receiver = HttpsReceiver.start();
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

    /**
     * A multi-tenant topic read at {@code latest} by one tenant's connector whose chain filters out the other
     * tenants: the filtered records' offsets are committed, so a connector stopped during an outage resumes where
     * it stopped and loses none of its tenant's events.
     */
    @Test
    void filteredRecordsAreCommittedSoAStoppedConnectorResumesWithoutLoss() throws Exception {
        String topic = "it-tenants";
        String connector = "es-acme-filtered";
        cluster.kafka().createTopic(topic, 2);
        Map<String, String> config = connectorConfig(topic, receiver.url("/acme"), receiver.certificates());
        config.put("consumer.override.auto.offset.reset", "latest");
        config.put("transforms", "otherTenants");
        config.put("transforms.otherTenants.type", "org.apache.kafka.connect.transforms.Filter");
        config.put("transforms.otherTenants.predicate", "notAcme");
        config.put("predicates", "notAcme");
        config.put("predicates.notAcme.type", "org.apache.kafka.connect.transforms.predicates.HasHeaderKey");
        config.put("predicates.notAcme.name", "other-tenant");
        cluster.rest().putConnectorConfig(connector, config);
        cluster.rest().awaitRunning(connector, 1, TIMEOUT);
        // the consumer has its position once an event produced now arrives
        await().atMost(TIMEOUT).until(() -> {
            cluster.kafka().produce(TestRecord.json(topic, "{\"id\":\"warmup\"}").withPartition(0));
            return deliveredIds(receiver, "/acme").contains("warmup");
        });

        cluster.kafka().produce(tenantEvents(topic, 0, 300, i -> false));
        await("committed offsets reach the end offsets although every record was filtered").atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(committed(connector, topic)).isEqualTo(endOffsets(topic)));

        cluster.connect().stopConnector(connector);
        cluster.connect().assertions().assertConnectorIsStopped(connector, "connector did not stop");
        List<TestRecord> outage = tenantEvents(topic, 300, 200, i -> i % 7 == 0 || i % 11 == 0);
        List<String> expected = ids(outage);
        cluster.kafka().produce(outage);
        cluster.connect().resumeConnector(connector);

        await("every acme event produced while the connector was stopped").atMost(TIMEOUT)
                .until(() -> deliveredIds(receiver, "/acme").containsAll(expected));
        assertThat(deliveredIds(receiver, "/acme")).filteredOn(id -> !id.equals("warmup"))
                .containsExactlyInAnyOrderElementsOf(expected);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(committed(connector, topic)).isEqualTo(endOffsets(topic)));
        cluster.rest().deleteConnector(connector);
    }

    /**
     * RegexRouter renames the topic before the sink: Connect still commits the consumed (original) partitions, and
     * the sink must settle and report offsets under those; a worker restart then resumes without loss.
     */
    @Test
    void renamedTopicCommitsTheConsumedPartitionsAndARestartLosesNothing() throws Exception {
        String topic = "it-renamed";
        String connector = "es-it-renamed";
        cluster.kafka().createTopic(topic, 3);
        Map<String, String> config = connectorConfig(topic, receiver.url("/renamed"), receiver.certificates());
        config.put("transforms", "rename");
        config.put("transforms.rename.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.rename.regex", ".*");
        config.put("transforms.rename.replacement", "acme-events");
        cluster.rest().putConnectorConfig(connector, config);
        cluster.rest().awaitRunning(connector, 1, TIMEOUT);
        List<TestRecord> records = HttpsSinkDeliveryIT.events(topic, 3, 900);
        cluster.kafka().produce(records.subList(0, 450));
        await("committed offsets of the consumed partitions reach the end").atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(committed(connector, topic)).isEqualTo(endOffsets(topic)));

        WorkerHandle worker = cluster.connect().workers().iterator().next();
        cluster.connect().removeWorker(worker);
        cluster.kafka().produce(records.subList(450, 900));
        cluster.connect().addWorker();
        cluster.rest().awaitRunning(connector, 1, TIMEOUT);

        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/renamed").stream().distinct().count() == 900);
        assertCompleteAndOrdered(deliveredIds(receiver, "/renamed"), 3, 900);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(committed(connector, topic)).isEqualTo(endOffsets(topic)));
        cluster.rest().deleteConnector(connector);
    }

    /** Events of {@code count} records from sequence {@code from}; those not {@code ours} carry another tenant's header. */
    private static List<TestRecord> tenantEvents(String topic, int from, int count, java.util.function.IntPredicate ours) {
        List<TestRecord> records = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            TestRecord record = TestRecord.json(topic, "{\"id\":\"e" + i + "\"}").withPartition(i % 2);
            records.add(ours.test(i) ? record : record.withHeader("other-tenant", "globex"));
        }
        return records;
    }

    private static List<String> ids(List<TestRecord> records) {
        return records.stream().filter(r -> r.headers() == null || !r.headers().containsKey("other-tenant"))
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).replaceAll(".*\"(e\\d+)\".*", "$1"))
                .collect(Collectors.toList());
    }

    private static Map<Integer, Long> committed(String connector, String topic)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets = cluster.kafka().admin()
                .listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> out = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
                out.put(tp.partition(), offset.offset());
            }
        });
        return out;
    }

    private static Map<Integer, Long> endOffsets(String topic) throws ExecutionException, InterruptedException {
        int partitions = cluster.kafka().admin().describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().size();
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
        IntStream.range(0, partitions).forEach(p ->
                request.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest()));
        Map<Integer, Long> out = new HashMap<>();
        cluster.kafka().admin().listOffsets(request).all().get()
                .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }
}
