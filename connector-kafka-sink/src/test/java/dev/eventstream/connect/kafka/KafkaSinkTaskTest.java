package dev.eventstream.connect.kafka;

import dev.eventstream.connect.testing.TestSinkTaskContext;
import dev.eventstream.connect.usage.DeliveredOffsets;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageMeter;
import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSinkTaskTest {

    private static final TopicPartition P0 = new TopicPartition("voice-callthread", 0);
    private static final TopicPartition P1 = new TopicPartition("voice-callthread", 1);
    private static final TopicPartition AGENT0 = new TopicPartition("voice-agentstate", 0);

    private MockProducer<byte[], byte[]> producer;
    private final List<Map<String, Object>> producerProps = new ArrayList<>();
    private KafkaSinkTask task;
    private TestSinkTaskContext context;
    /** The task's usage, as its recorder counted it (nothing is published in these tests). */
    private final UsageMeter meter = new UsageMeter("es-globex-lake", 0);
    private Map<TopicPartition, Long> earlierMarks = Map.of();

    private void start(boolean withReporter, String... keyValues) {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        context = new TestSinkTaskContext(withReporter);
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        task = new KafkaSinkTask(p -> {
            producerProps.add(p);
            return producer;
        }, (settings, connector, index) -> new UsageRecorder(meter, new DeliveredOffsets(), () -> earlierMarks,
                System::currentTimeMillis));
        task.initialize(context);
        task.start(props);
        task.open(List.of(P0, P1, AGENT0));
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
    }

    private static SinkRecord record(int partition, long offset, String tenant) {
        return Records.withTenant(Records.json("voice-callthread", partition, offset, tenant + ":call-" + offset,
                Map.of("seq", offset)), tenant);
    }

    private static Map<TopicPartition, OffsetAndMetadata> current(long p0, long p1) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        out.put(P0, new OffsetAndMetadata(p0));
        out.put(P1, new OffsetAndMetadata(p1));
        return out;
    }

    @Test
    void producesWithAcksAllAndIdempotence() {
        start(false);
        assertThat(producerProps).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("acks", "all").containsEntry("enable.idempotence", true));
    }

    @Test
    void preCommitFlushesAndCommitsOnlyAcknowledgedOffsets() {
        start(false);
        task.put(List.of(record(0, 10, "acme"), record(0, 11, "acme"), record(1, 5, "globex")));
        assertThat(producer.history()).hasSize(3);

        assertThat(task.preCommit(current(12, 6)))
                .containsEntry(P0, new OffsetAndMetadata(12))
                .containsEntry(P1, new OffsetAndMetadata(6));
        assertThat(producer.flushed()).isTrue();
        assertThat(usage("acme").records()).isEqualTo(2);
        assertThat(usage("globex").records()).isEqualTo(1);
        assertThat(context.metric("records-sent-total", Map.of())).isEqualTo(3.0);
        assertThat(context.metric("tenant-records-sent-total", Map.of("tenant", "acme"))).isEqualTo(2.0);
    }

    /** Every total the meter holds for {@code tenant}, added up. */
    private UsageCounts usage(String tenant) {
        return meter.pending().entrySet().stream().filter(e -> e.getKey().tenant().equals(tenant))
                .map(e -> e.getValue().counts()).reduce(UsageCounts.ZERO, UsageCounts::plus);
    }

    @Test
    void usageCountsAcknowledgedRecordsWithTheirSerializedSizesFailedAttemptsAndDeadLetters() {
        start(true);
        task.put(List.of(record(0, 10, "globex"), record(0, 11, "globex"), record(0, 12, "globex")));
        long wireBytes = 0;
        long valueBytes = 0;
        for (int i : new int[] {0, 2}) {
            valueBytes += producer.history().get(i).value().length;
            wireBytes += producer.history().get(i).key().length + producer.history().get(i).value().length;
            for (org.apache.kafka.common.header.Header header : producer.history().get(i).headers()) {
                wireBytes += org.apache.kafka.common.utils.Utils.utf8Length(header.key()) + header.value().length;
            }
        }
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("The message is 2000000 bytes when serialized"));
        producer.completeNext();
        task.preCommit(current(13, 0));
        assertThat(usage("globex")).isEqualTo(new UsageCounts(2, valueBytes, wireBytes, 3, 1, 1, 0));
        assertThat(meter.pending().keySet()).allSatisfy(key -> {
            assertThat(key.endpoint()).isEqualTo("lake");
            assertThat(key.topic()).isEqualTo("voice-callthread");
        });
    }

    @Test
    void recordsAtOrBelowAnEarlierInstancesMarkAreCountedAsRedelivered() {
        earlierMarks = Map.of(P0, 11L);
        start(false);
        task.put(List.of(record(0, 10, "globex"), record(0, 11, "globex"), record(0, 12, "globex")));
        while (producer.completeNext()) {
            Thread.onSpinWait();
        }
        task.preCommit(current(13, 0));
        assertThat(usage("globex").records()).isEqualTo(3);
        assertThat(usage("globex").redelivered()).isEqualTo(2);
    }

    @Test
    void aRetriableFailureTheProducerGaveUpOnFailsTheTaskWithoutCommittingIt() {
        start(true);
        task.put(List.of(record(0, 10, "acme"), record(0, 11, "acme"), record(0, 12, "acme")));
        assertThat(producer.completeNext()).isTrue();
        assertThat(producer.errorNext(new TimeoutException("Expiring 1 record(s) after 120000 ms"))).isTrue();

        Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(current(13, 0));

        assertThat(committed).containsEntry(P0, new OffsetAndMetadata(11));
        assertThat(context.reported).as("retriable errors never go to the DLQ").isEmpty();
        assertThatThrownBy(() -> task.put(List.of(record(0, 13, "acme"))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("TimeoutException")
                .hasMessageContaining("offset 11")
                .hasMessageContaining("not committed");
        assertThat(task.preCommit(current(13, 0))).containsEntry(P0, new OffsetAndMetadata(11));
    }

    @Test
    void aRecordTheTargetRefusesGoesToTheDlqWithTheReasonAndIsThenCommitted() {
        start(true);
        task.put(List.of(record(0, 10, "acme"), record(0, 11, "acme"), record(0, 12, "acme")));
        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("The message is 2000000 bytes when serialized"));

        assertThat(task.preCommit(current(13, 0))).containsEntry(P0, new OffsetAndMetadata(13));
        assertThat(context.reported).singleElement().satisfies(r -> {
            assertThat(r.record().kafkaOffset()).isEqualTo(11);
            assertThat(r.error()).hasMessageContaining("RecordTooLargeException")
                    .hasMessageContaining("2000000 bytes")
                    .hasMessageContaining("offset 11");
        });
        assertThat(context.metric("dlq-records-total", Map.of())).isEqualTo(1.0);
        task.put(List.of(record(0, 13, "acme")));
    }

    @Test
    void topicAuthorizationGoesToTheDlqButAuthenticationFailsTheTask() {
        start(true);
        task.put(List.of(record(0, 1, "acme"), record(0, 2, "acme")));
        producer.errorNext(new TopicAuthorizationException("Not authorized to access topics: [voice-callthread]"));
        producer.errorNext(new SaslAuthenticationException("Authentication failed: Invalid username or password"));
        assertThat(task.preCommit(current(3, 0))).containsEntry(P0, new OffsetAndMetadata(2));
        assertThat(context.reported).singleElement().satisfies(r -> assertThat(r.record().kafkaOffset()).isEqualTo(1));
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessageContaining("SaslAuthenticationException");
    }

    @Test
    void withoutADlqARefusedRecordFailsTheTask() {
        start(false);
        task.put(List.of(record(0, 10, "acme")));
        producer.errorNext(new RecordTooLargeException("too large"));
        assertThat(task.preCommit(current(11, 0))).as("up to the refused record, not past it")
                .containsEntry(P0, new OffsetAndMetadata(10));
        assertThatThrownBy(() -> task.put(List.of(record(0, 11, "acme"))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("errors.tolerance=none");
    }

    @Test
    void aRecordThatCannotBeMappedGoesToTheDlqWithoutBeingSent() {
        start(true, "value.format", "passthrough");
        SinkRecord converted = record(0, 10, "acme");
        SinkRecord raw = Records.bytes("voice-callthread", 0, 11, Records.utf8("acme:1"), Records.utf8("{}"));
        task.put(List.of(converted, raw));
        assertThat(producer.history()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(Records.utf8("{}")));
        assertThat(task.preCommit(current(12, 0))).containsEntry(P0, new OffsetAndMetadata(12));
        assertThat(context.reported).singleElement().satisfies(r -> assertThat(r.error())
                .hasMessageContaining("ByteArrayConverter"));
    }

    @Test
    void tombstonesAreDeliveredAsNullValuesByDefault() {
        start(false);
        task.put(List.of(Records.json("voice-callthread", 0, 1, "acme:1", null)));
        assertThat(producer.history()).singleElement().satisfies(r -> assertThat(r.value()).isNull());
        assertThat(task.preCommit(current(2, 0))).containsEntry(P0, new OffsetAndMetadata(2));
    }

    @Test
    void skippedTombstonesAreNotSentButCommitted() {
        start(false, "tombstones", "skip");
        task.put(List.of(Records.json("voice-callthread", 0, 1, "acme:1", null)));
        assertThat(producer.history()).isEmpty();
        assertThat(task.preCommit(current(2, 0))).containsEntry(P0, new OffsetAndMetadata(2));
    }

    @Test
    void recordsFilteredOutBeforePutAreCommittedOnceEverythingSentIsSettled() {
        start(true);
        task.put(List.of(record(0, 10, "acme")));
        producer.errorNext(new TimeoutException("expired"));
        // offsets 11..19 were dropped by a transform: Connect reports 20 consumed
        assertThat(task.preCommit(current(20, 7))).as("not past the failed record")
                .containsEntry(P0, new OffsetAndMetadata(10)).containsEntry(P1, new OffsetAndMetadata(7));

        task.stop();
        start(true);
        task.put(List.of(record(0, 10, "acme")));
        assertThat(task.preCommit(current(20, 7))).containsEntry(P0, new OffsetAndMetadata(20));
    }

    @Test
    void aClosedPartitionIsNotCommittedByThisTaskUntilItIsOpenedAgain() {
        start(true);
        task.put(List.of(record(0, 10, "acme"), record(1, 3, "acme")));
        // lost partition: Connect closes it without a preCommit, its record still in flight
        task.close(List.of(P0));

        assertThat(task.preCommit(current(11, 4))).as("P0 belongs to another task now")
                .doesNotContainKey(P0).containsEntry(P1, new OffsetAndMetadata(4));

        task.open(List.of(P0));
        task.put(List.of(record(0, 10, "acme")));
        assertThat(task.preCommit(current(11, 4))).as("the record Connect delivers again after the reassignment")
                .containsEntry(P0, new OffsetAndMetadata(11));
    }

    /**
     * KIP-793: Connect passes the original (pre-transform) partitions to open, close and preCommit, so offsets are
     * tracked per original partition, and two partitions renamed to one name stay apart.
     */
    @Test
    void offsetsAreTrackedPerOriginalPartitionWhenATransformRenamesTopics() {
        start(true);
        RegexRouter<SinkRecord> router = new RegexRouter<>();
        router.configure(Map.of("regex", "voice-(.*)", "replacement", "acme.voice"));
        SinkRecord call = router.apply(record(0, 10, "acme"));
        SinkRecord agent = router.apply(Records.withTenant(Records.json("voice-agentstate", 0, 3, "acme:agent-1",
                Map.of("seq", 3)), "acme"));
        assertThat(call.topic()).isEqualTo("acme.voice");
        assertThat(agent.topic()).isEqualTo("acme.voice");
        assertThat(agent.kafkaPartition()).isEqualTo(call.kafkaPartition());

        task.put(List.of(call, agent));
        producer.errorNext(new TimeoutException("expired"));
        producer.completeNext();

        Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>(current(11, 0));
        consumed.put(AGENT0, new OffsetAndMetadata(4));
        assertThat(task.preCommit(consumed))
                .as("not past the failed record of voice-callthread-0")
                .containsEntry(P0, new OffsetAndMetadata(10))
                .as("voice-agentstate-0 is not held back by it")
                .containsEntry(AGENT0, new OffsetAndMetadata(4));
        assertThat(producer.history()).extracting(r -> r.topic()).containsOnly("acme.voice");
        assertThat(producer.history()).extracting(r -> new String(r.headers().lastHeader("eventstream.source.topic").value(),
                StandardCharsets.UTF_8)).containsExactly("voice-callthread", "voice-agentstate");
        router.close();
    }
}
