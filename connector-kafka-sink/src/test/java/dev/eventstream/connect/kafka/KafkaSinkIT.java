package dev.eventstream.connect.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector on a real Connect cluster delivering to a second, separate Kafka cluster (the customer's), whose
 * only client listener is TLS with required client certificates: every record arrives once, keys and per-key order
 * kept; each compression type is really used by the batches on the target's disk; a record the target refuses goes
 * to the DLQ; a worker restart loses nothing.
 */
class KafkaSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = ConnectClusterHarness.STARTUP_TIMEOUT;
    private static final int KEYS = 25;

    private static ConnectClusterHarness harness;
    private static EmbeddedKafkaCluster customer;
    private static CustomerPki pki;
    private static Admin customerAdmin;

    @BeforeAll
    static void start() {
        pki = new CustomerPki();
        customer = new EmbeddedKafkaCluster(1, pki.brokerProperties(), pki.clientProperties());
        customer.start();
        Map<String, Object> adminProps = new HashMap<>(pki.clientProperties());
        adminProps.put("bootstrap.servers", customer.bootstrapServers());
        customerAdmin = Admin.create(adminProps);
        harness = ConnectClusterHarness.embedded(1);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (customerAdmin != null) {
            customerAdmin.close();
        }
        if (customer != null) {
            customer.stop();
        }
    }

    @Test
    void deliversEveryRecordOnceInKeyOrderWithTheChosenCompression() throws Exception {
        String source = "calls";
        harness.kafka().createTopic(source, 3);
        List<TestRecord> records = new ArrayList<>();
        for (int seq = 0; seq < 600; seq++) {
            records.add(TestRecord.json(source, event(seq)).withKey("k" + seq % KEYS));
        }
        harness.kafka().produce(records, "snappy");
        Map<Integer, String> coordinatesBySeq = coordinatesBySeq(source, records.size());

        harness.kafka().createTopic("big", 1);
        harness.kafka().produce(List.of(TestRecord.json("big", event(0)).withKey("k0"),
                TestRecord.json("big", "{\"seq\":1,\"pad\":\"" + "x".repeat(8000) + "\"}").withKey("k1"),
                TestRecord.json("big", event(2)).withKey("k2")));

        for (String compression : KafkaSinkConfig.COMPRESSION_TYPES) {
            createCustomerTopic(source + "-" + compression, 2);
            harness.rest().putConnectorConfig("kafka-" + compression, connector(source, source + "-" + compression, compression));
        }
        createCustomerTopic("big-out", 1);
        Map<String, String> dlq = connector("big", "big-out", "gzip");
        dlq.put("target.max.request.size", "4096");
        dlq.put("errors.tolerance", "all");
        dlq.put("errors.deadletterqueue.topic.name", "es-dlq-big");
        dlq.put("errors.deadletterqueue.topic.replication.factor", "1");
        dlq.put("errors.deadletterqueue.context.headers.enable", "true");
        harness.rest().putConnectorConfig("kafka-dlq", dlq);

        for (String compression : KafkaSinkConfig.COMPRESSION_TYPES) {
            String target = source + "-" + compression;
            List<ConsumerRecord<byte[], byte[]>> delivered = readCustomer(target, records.size());
            assertThat(delivered).as(target).hasSize(records.size());
            assertDeliveredOnceInKeyOrder(delivered, coordinatesBySeq);
            assertThat(batchCompression(target)).as("compression of the batches of %s on disk", target)
                    .containsExactly(compression);
        }

        List<ConsumerRecord<byte[], byte[]>> bigOut = readCustomer("big-out", 2);
        assertThat(bigOut).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("k0", "k2");
        List<ConsumerRecord<byte[], byte[]>> deadLetters = harness.kafka().read("es-dlq-big", 1, TIMEOUT);
        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
            assertThat(header(r, "__connect.errors.exception.message")).contains("RecordTooLargeException")
                    .contains("big-out");
        });
    }

    @Test
    void aWorkerRestartLosesNothing() throws Exception {
        String source = "restart";
        harness.kafka().createTopic(source, 2);
        createCustomerTopic("restart-out", 2);
        harness.rest().putConnectorConfig("kafka-restart", connector(source, "restart-out", "lz4"));
        harness.rest().awaitRunning("kafka-restart", 2, TIMEOUT);

        harness.kafka().produce(batch(source, 0, 300));
        await("first half delivered").atMost(TIMEOUT).until(() -> seqs(readCustomer("restart-out", 300)).size() == 300);

        WorkerHandle worker = harness.connect().workers().iterator().next();
        harness.connect().removeWorker(worker);
        harness.kafka().produce(batch(source, 300, 600));
        harness.connect().addWorker();
        harness.connect().assertions().assertAtLeastNumWorkersAreUp(1, "worker did not come back");
        harness.rest().awaitRunning("kafka-restart", 2, TIMEOUT);

        await("every record delivered after the restart").atMost(TIMEOUT)
                .until(() -> seqs(readCustomer("restart-out", 600)).size() == 600);
        List<ConsumerRecord<byte[], byte[]>> delivered = readCustomer("restart-out", 600);
        assertThat(seqs(delivered)).hasSize(600).first().isEqualTo(0);
        assertFirstDeliveriesInKeyOrder(delivered);
    }

    private static Map<String, String> connector(String topic, String target, String compression) {
        Map<String, String> config = new LinkedHashMap<>(pki.connectorProperties());
        config.put("connector.class", KafkaSinkConnector.class.getName());
        config.put("tasks.max", "2");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("target.bootstrap.servers", customer.bootstrapServers());
        config.put("target.topic", target);
        config.put("target.compression.type", compression);
        return config;
    }

    private static String event(int seq) {
        return "{\"id\":\"EventEstablished\",\"seq\":" + seq + ",\"key\":\"k" + seq % KEYS
                + "\",\"amount\":12.50,\"ANI\":\"+4930" + (1_000_000 + seq) + "\",\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":null}}";
    }

    private static List<TestRecord> batch(String topic, int from, int to) {
        List<TestRecord> out = new ArrayList<>();
        for (int seq = from; seq < to; seq++) {
            out.add(TestRecord.json(topic, event(seq)).withKey("k" + seq % KEYS));
        }
        return out;
    }

    private static void createCustomerTopic(String topic, int partitions) throws Exception {
        customerAdmin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    /** seq → "topic-partition-offset" of the source record. */
    private static Map<Integer, String> coordinatesBySeq(String topic, int count) throws IOException {
        Map<Integer, String> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : harness.kafka().read(topic, count, TIMEOUT)) {
            out.put(JSON.readTree(record.value()).get("seq").asInt(),
                    record.topic() + "-" + record.partition() + "-" + record.offset());
        }
        assertThat(out).hasSize(count);
        return out;
    }

    private static void assertDeliveredOnceInKeyOrder(List<ConsumerRecord<byte[], byte[]>> delivered,
                                                      Map<Integer, String> coordinatesBySeq) throws IOException {
        assertThat(seqs(delivered)).hasSize(delivered.size());
        Map<String, Integer> lastSeqByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : delivered) {
            int seq = JSON.readTree(record.value()).get("seq").asInt();
            String key = new String(record.key(), StandardCharsets.UTF_8);
            assertThat(key).isEqualTo("k" + seq % KEYS);
            assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree(event(seq)));
            assertThat(seq).as("order of key %s", key).isGreaterThan(lastSeqByKey.getOrDefault(key, -1));
            lastSeqByKey.put(key, seq);
            assertThat(header(record, "eventstream.source.topic") + "-" + header(record, "eventstream.source.partition")
                    + "-" + header(record, "eventstream.source.offset")).isEqualTo(coordinatesBySeq.get(seq));
        }
    }

    private static void assertFirstDeliveriesInKeyOrder(List<ConsumerRecord<byte[], byte[]>> delivered) throws IOException {
        Map<String, Integer> lastSeqByKey = new HashMap<>();
        Set<Integer> seen = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : delivered) {
            int seq = JSON.readTree(record.value()).get("seq").asInt();
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (seen.add(seq)) {
                assertThat(seq).as("order of key %s", key).isGreaterThan(lastSeqByKey.getOrDefault(key, -1));
                lastSeqByKey.put(key, seq);
            }
        }
    }

    private static TreeSet<Integer> seqs(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("seq").asInt();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads the customer topic from the start until {@code expected} records arrived (or the timeout passed). */
    private static List<ConsumerRecord<byte[], byte[]>> readCustomer(String topic, int expected) {
        Map<String, Object> props = new HashMap<>(pki.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, customer.bootstrapServers());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // a little longer, to catch duplicates beyond the expected count
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            return out;
        }
    }

    /** The compression types of every record batch of the topic in the customer broker's log segments. */
    private static Set<String> batchCompression(String topic) throws IOException {
        Set<String> types = new TreeSet<>();
        int batches = 0;
        for (var broker : customer.runningBrokers()) {
            for (String logDir : broker.config().logDirs()) {
                File[] partitionDirs = new File(logDir).listFiles(f -> f.isDirectory() && f.getName().matches(
                        java.util.regex.Pattern.quote(topic) + "-\\d+"));
                if (partitionDirs == null) {
                    continue;
                }
                for (File dir : partitionDirs) {
                    File[] segments = dir.listFiles(f -> f.getName().endsWith(".log"));
                    for (File segment : segments == null ? new File[0] : segments) {
                        try (FileRecords records = FileRecords.open(segment, false)) {
                            for (RecordBatch batch : records.batches()) {
                                types.add(batch.compressionType().name);
                                batches++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(batches).as("record batches of %s on disk", topic).isPositive();
        return types;
    }
}
