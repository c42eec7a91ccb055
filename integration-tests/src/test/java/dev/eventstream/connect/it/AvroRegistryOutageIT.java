package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.avro.AvroTestData;
import dev.eventstream.connect.avro.RegistryStub;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.TestRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema registry outage on a real broker and worker: Avro records read while the registry answers 503 are
 * neither sent to the DLQ nor committed; Connect retries them (errors.retry.timeout=-1) and they are delivered once
 * the registry is back. A record that is itself bad (a schema id the registry does not know) still goes to the DLQ.
 */
class AvroRegistryOutageIT {

    private static final String SOURCE = "voice-avro-outage";
    private static final String TARGET = "voice-avro-outage.out";
    private static final String DLQ = "es-dlq-acme-outage";
    private static final String CONNECTOR = "es-acme-outage";
    private static final int SCHEMA_ID = 42;
    private static final int DURING_OUTAGE = 20;
    private static final int AFTER_OUTAGE = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectClusterHarness harness;
    private static RegistryStub registry;

    @BeforeAll
    static void start() throws Exception {
        harness = ConnectClusterHarness.embedded(1);
        registry = RegistryStub.http().register(SCHEMA_ID, AvroTestData.voiceSchema());
    }

    @AfterAll
    static void stop() {
        registry.close();
        harness.close();
    }

    @Test
    void recordsReadDuringAnOutageAreRetriedNotDeadLetteredAndDeliveredWhenTheRegistryIsBack() throws Exception {
        harness.kafka().createTopic(SOURCE, 2);
        harness.kafka().createTopic(TARGET, 1);
        harness.kafka().createTopic(DLQ, 1);
        Schema schema = AvroTestData.voiceSchema();
        registry.unavailable(true);
        harness.kafka().produce(events(schema, 0, DURING_OUTAGE));

        harness.rest().putConnectorConfig(CONNECTOR, connectorConfig());
        harness.rest().awaitRunning(CONNECTOR, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        await("the converter asks the registry again and again").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> registry.requests().size() >= 6);
        await("nothing dead-lettered, delivered or committed during the outage")
            .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> harness.kafka().endOffsetSum(DLQ) == 0 && harness.kafka().endOffsetSum(TARGET) == 0
                && committed() == 0);

        registry.unavailable(false);
        List<ConsumerRecord<byte[], byte[]>> delivered = harness.kafka().read(TARGET, DURING_OUTAGE,
            ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(sequences(delivered)).containsExactlyInAnyOrderElementsOf(range(0, DURING_OUTAGE));

        byte[] unknownId = AvroTestData.confluent(SCHEMA_ID + 1, AvroTestData.voiceEvent(schema, 999));
        List<TestRecord> after = new ArrayList<>(events(schema, DURING_OUTAGE, AFTER_OUTAGE));
        after.add(TestRecord.bytes(SOURCE, unknownId).withKey("acme:unknown-id"));
        harness.kafka().produce(after);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = harness.kafka().read(DLQ, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acme:unknown-id");
            assertThat(header(record, "__connect.errors.exception.class.name"))
                .isEqualTo("org.apache.kafka.connect.errors.DataException");
            assertThat(header(record, "__connect.errors.exception.message")).contains("does not know schema id 43");
        });
        await("every good record delivered, every offset committed").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> harness.kafka().endOffsetSum(TARGET) >= DURING_OUTAGE + AFTER_OUTAGE
                && committed() == harness.kafka().endOffsetSum(SOURCE));
        assertThat(sequences(harness.kafka().read(TARGET, DURING_OUTAGE + AFTER_OUTAGE, ConnectClusterHarness.STARTUP_TIMEOUT)))
            .containsExactlyInAnyOrderElementsOf(range(0, DURING_OUTAGE + AFTER_OUTAGE));
        assertThat(harness.kafka().endOffsetSum(DLQ)).isEqualTo(1);
    }

    private static Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", SOURCE);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "dev.eventstream.connect.avro.AvroConverter");
        config.put("value.converter.input.format", "confluent");
        config.put("value.converter.schema.registry.url", registry.url());
        config.put("value.converter.schema.registry.retries", "1");
        config.put("value.converter.schema.registry.retry.backoff.ms", "50");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("errors.tolerance", "all");
        config.put("errors.retry.timeout", "-1");
        config.put("errors.retry.max.delay.ms", "500");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("target.bootstrap.servers", harness.bootstrapServers());
        config.put("target.topic", TARGET);
        config.put("value.format", "json");
        return config;
    }

    private static List<TestRecord> events(Schema schema, int from, int count) {
        List<TestRecord> records = new ArrayList<>();
        for (int seq = from; seq < from + count; seq++) {
            records.add(TestRecord.bytes(SOURCE, AvroTestData.confluent(SCHEMA_ID, AvroTestData.voiceEvent(schema, seq)))
                .withKey("acme:call-" + seq));
        }
        return records;
    }

    /** The offsets the connector's consumer group committed, summed over the source partitions. */
    private static long committed() throws Exception {
        Map<?, OffsetAndMetadata> offsets = harness.kafka().admin().listConsumerGroupOffsets("connect-" + CONNECTOR)
            .partitionsToOffsetAndMetadata().get();
        return offsets.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static List<Long> sequences(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<Long> sequences = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            sequences.add(JSON.readTree(record.value()).get("sequence").asLong());
        }
        return sequences;
    }

    private static List<Long> range(int from, int to) {
        List<Long> out = new ArrayList<>();
        for (long seq = from; seq < to; seq++) {
            out.add(seq);
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
