package dev.eventstream.connect.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.common.EventStreamHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class UsageRecorderTest {

    private static final long NOW = 1_764_499_872_000L;
    private static final TopicPartition DEMUXED = new TopicPartition("voice-callthread.acme", 2);

    private final UsageMeter meter = new UsageMeter("es-acme-crm", 0);
    private final DeliveredOffsets offsets = new DeliveredOffsets();
    private Map<TopicPartition, Long> marks = Map.of();
    private final UsageRecorder recorder = new UsageRecorder(meter, offsets, () -> marks, () -> NOW);

    private static SinkRecord record(TopicPartition partition, long offset, String tenant) {
        SinkRecord record = new SinkRecord(partition.topic(), partition.partition(), null, null, Schema.STRING_SCHEMA,
            "{}", offset);
        if (tenant != null) {
            record.headers().addBytes(EventStreamHeaders.TENANT, tenant.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().addString(EventStreamHeaders.SOURCE_TOPIC, "voice-callthread");
        return record;
    }

    private UsageCounts total(String tenant) {
        return meter.pending().entrySet().stream().filter(e -> e.getKey().tenant().equals(tenant))
            .map(e -> e.getValue().counts()).reduce(UsageCounts.ZERO, UsageCounts::plus);
    }

    @Test
    void aBatchIsCountedUnderItsOriginalTopicAndRedeliveriesBelowTheMarkApart() {
        marks = Map.of(DEMUXED, 11L);
        recorder.opened(List.of(DEMUXED));
        List<SinkRecord> batch = new ArrayList<>();
        for (long offset = 10; offset < 14; offset++) {
            batch.add(record(DEMUXED, offset, "acme"));
        }
        recorder.delivered(batch, new int[] {10, 10, 10, 10}, 43, 30);
        assertThat(meter.pending().entrySet()).singleElement().satisfies(e -> {
            assertThat(e.getKey().topic()).isEqualTo("voice-callthread");
            assertThat(e.getKey().endpoint()).isEqualTo("crm");
            assertThat(e.getValue().counts()).isEqualTo(new UsageCounts(4, 43, 30, 0, 0, 0, 2));
        });
        assertThat(offsets.unpublished()).containsExactly(Map.entry(DEMUXED, 13L));
    }

    @Test
    void bytesOfAMixedBatchAreSharedByRenderedSizeWithNothingLost() {
        List<SinkRecord> batch = List.of(record(DEMUXED, 0, "acme"), record(DEMUXED, 1, "globex"),
            record(DEMUXED, 2, "acme"), record(DEMUXED, 3, null));
        recorder.delivered(batch, new int[] {30, 10, 30, 30}, 103, 51);
        assertThat(total("acme").records()).isEqualTo(2);
        assertThat(total("globex").records()).isEqualTo(1);
        assertThat(total("").records()).isEqualTo(1);
        assertThat(total("acme").jsonBytes()).isEqualTo(62);
        assertThat(total("acme").jsonBytes() + total("globex").jsonBytes() + total("").jsonBytes()).isEqualTo(103);
        assertThat(total("acme").wireBytes() + total("globex").wireBytes() + total("").wireBytes()).isEqualTo(51);
    }

    @Test
    void unreadableMarksLeaveRedeliveriesUncountedAndAreReadAgainAtTheNextOpen() {
        marks = null;
        recorder.opened(List.of(DEMUXED));
        recorder.delivered(record(DEMUXED, 5, "acme"), "acme", 10, 10, 1);
        assertThat(total("acme").redelivered()).isZero();
        marks = Map.of(DEMUXED, 9L);
        recorder.opened(List.of(DEMUXED));
        recorder.delivered(record(DEMUXED, 6, "acme"), "acme", 10, 10, 1);
        assertThat(total("acme")).isEqualTo(new UsageCounts(2, 20, 20, 2, 0, 0, 1));
    }

    @Test
    void acknowledgementsOutOfOffsetOrderAreNotRedeliveriesButAreAfterTheNextOpen() {
        recorder.opened(List.of(DEMUXED));
        recorder.delivered(record(DEMUXED, 11, "acme"), "acme", 10, 10, 1);
        recorder.delivered(record(DEMUXED, 10, "acme"), "acme", 10, 10, 1);
        assertThat(total("acme").redelivered()).isZero();
        recorder.opened(List.of(DEMUXED));
        recorder.delivered(record(DEMUXED, 10, "acme"), "acme", 10, 10, 1);
        recorder.delivered(record(DEMUXED, 11, "acme"), "acme", 10, 10, 1);
        recorder.delivered(record(DEMUXED, 12, "acme"), "acme", 10, 10, 1);
        assertThat(total("acme").redelivered()).isEqualTo(2);
    }

    @Test
    void attemptsAndDeadLettersGoToTheFirstRecordsTenant() {
        recorder.attempts(record(DEMUXED, 0, "acme"), 3, 2);
        recorder.deadLettered(List.of(record(DEMUXED, 0, "acme"), record(DEMUXED, 1, "acme")));
        assertThat(total("acme")).isEqualTo(new UsageCounts(0, 0, 0, 3, 2, 2, 0));
    }

    @Test
    void offCountsNothing() {
        UsageRecorder.OFF.opened(List.of(DEMUXED));
        UsageRecorder.OFF.delivered(List.of(record(DEMUXED, 0, "acme")), null, 1, 1);
        assertThat(UsageRecorder.OFF.enabled()).isFalse();
    }
}
