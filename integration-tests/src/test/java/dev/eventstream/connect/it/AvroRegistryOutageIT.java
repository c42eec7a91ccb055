package dev.eventstream.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.avro.AvroTestData;
import dev.eventstream.connect.testing.ChainConfig;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRig;
import dev.eventstream.connect.testing.RecordText;
import dev.eventstream.connect.testing.SinkOffsets;
import dev.eventstream.connect.testing.TestRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    private static final int SCHEMA_ID = VoiceSchemaRegistry.SCHEMA_ID;
    private static final int DURING_OUTAGE = 20;
    private static final int AFTER_OUTAGE = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ConnectRig RIG = ConnectRig.embedded(1);
    @RegisterExtension
    static final VoiceSchemaRegistry REGISTRY = new VoiceSchemaRegistry();

    @Test
    void recordsReadDuringAnOutageAreRetriedNotDeadLetteredAndDeliveredWhenTheRegistryIsBack() throws Exception {
        RIG.kafka().createTopic(SOURCE, 2);
        RIG.kafka().createTopic(TARGET, 1);
        RIG.kafka().createTopic(DLQ, 1);
        Schema schema = AvroTestData.voiceSchema();
        REGISTRY.stub().unavailable(true);
        RIG.kafka().produce(events(schema, 0, DURING_OUTAGE));

        RIG.rest().putConnectorConfig(CONNECTOR, connectorConfig());
        RIG.awaitRunning(CONNECTOR, 1);
        await("the converter asks the registry again and again").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> REGISTRY.stub().requests().size() >= 6);
        await("nothing dead-lettered, delivered or committed during the outage")
            .during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> RIG.kafka().endOffsetSum(DLQ) == 0 && RIG.kafka().endOffsetSum(TARGET) == 0
                && SinkOffsets.committedSum(RIG.kafka(), CONNECTOR) == 0);

        REGISTRY.stub().unavailable(false);
        List<ConsumerRecord<byte[], byte[]>> delivered = RIG.kafka().read(TARGET, DURING_OUTAGE,
            ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(sequences(delivered)).containsExactlyInAnyOrderElementsOf(range(0, DURING_OUTAGE));

        byte[] unknownId = AvroTestData.confluent(SCHEMA_ID + 1, AvroTestData.voiceEvent(schema, 999));
        List<TestRecord> after = new ArrayList<>(events(schema, DURING_OUTAGE, AFTER_OUTAGE));
        after.add(TestRecord.bytes(SOURCE, unknownId).withKey("acme:unknown-id"));
        RIG.kafka().produce(after);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = RIG.kafka().read(DLQ, 1, ConnectClusterHarness.STARTUP_TIMEOUT);
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(RecordText.key(record)).isEqualTo("acme:unknown-id");
            assertThat(RecordText.header(record, "__connect.errors.exception.class.name"))
                .isEqualTo("org.apache.kafka.connect.errors.DataException");
            assertThat(RecordText.header(record, "__connect.errors.exception.message")).contains("does not know schema id 43");
        });
        await("every good record delivered, every offset committed").atMost(ConnectClusterHarness.STARTUP_TIMEOUT)
            .until(() -> RIG.kafka().endOffsetSum(TARGET) >= DURING_OUTAGE + AFTER_OUTAGE
                && SinkOffsets.committedSum(RIG.kafka(), CONNECTOR) == RIG.kafka().endOffsetSum(SOURCE));
        assertThat(sequences(RIG.kafka().read(TARGET, DURING_OUTAGE + AFTER_OUTAGE, ConnectClusterHarness.STARTUP_TIMEOUT)))
            .containsExactlyInAnyOrderElementsOf(range(0, DURING_OUTAGE + AFTER_OUTAGE));
        assertThat(RIG.kafka().endOffsetSum(DLQ)).isEqualTo(1);
    }

    /** Avro in Confluent framing to JSON on the target topic; a registry failure is retried without end, 500 ms apart at most. */
    private static Map<String, String> connectorConfig() {
        return ChainConfig.kafkaSink(SOURCE).values(ChainConfig.AVRO_CONVERTER)
            .with("value.converter.input.format", "confluent")
            .with("value.converter.schema.registry.url", REGISTRY.stub().url())
            .with("value.converter.schema.registry.retries", "1")
            .with("value.converter.schema.registry.retry.backoff.ms", "50")
            .deadLetterQueue(DLQ).retryForever(Duration.ofMillis(500))
            .with("target.bootstrap.servers", RIG.cluster().bootstrapServers())
            .with("target.topic", TARGET)
            .with("value.format", "json")
            .build();
    }

    private static List<TestRecord> events(Schema schema, int from, int count) {
        List<TestRecord> records = new ArrayList<>();
        for (int seq = from; seq < from + count; seq++) {
            records.add(TestRecord.bytes(SOURCE, AvroTestData.confluent(SCHEMA_ID, AvroTestData.voiceEvent(schema, seq)))
                .withKey("acme:call-" + seq));
        }
        return records;
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
}
