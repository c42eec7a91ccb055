package dev.eventstream.connect.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("voice-callthread", 0);

    private static SinkRecord record(long offset) {
        return Records.json(P0.topic(), P0.partition(), offset, "acme:" + offset, "v");
    }

    private static Map<TopicPartition, OffsetAndMetadata> consumed(long offset) {
        return Map.of(P0, new OffsetAndMetadata(offset));
    }

    @Test
    void anUnsettledRecordAfterAnEmptiedQueueCommitsUpToItselfNeverBelowWhatWasCommitted() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(List.of(P0));
        tracker.add(P0, record(10), 0L).settle();
        assertThat(tracker.committable(consumed(11))).containsEntry(P0, new OffsetAndMetadata(11));
        // offsets 11..19 were dropped by a transform: the queue is empty, the consumed offset is committed
        assertThat(tracker.committable(consumed(20))).containsEntry(P0, new OffsetAndMetadata(20));

        tracker.add(P0, record(20), 0L);

        assertThat(tracker.committable(consumed(21))).as("everything before the unsettled head is done")
                .containsEntry(P0, new OffsetAndMetadata(20));
    }

    @Test
    void aFirstRecordStillUnsettledCommitsTheRecordsFilteredBeforeIt() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(List.of(P0));
        tracker.add(P0, record(7), 0L);
        tracker.add(P0, record(8), 0L).settle();

        assertThat(tracker.committable(consumed(9))).containsEntry(P0, new OffsetAndMetadata(7));
    }

    @Test
    void settledRunsAdvanceToTheNextUnsettledRecord() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(List.of(P0));
        OffsetTracker.Pending first = tracker.add(P0, record(3), 0L);
        tracker.add(P0, record(5), 0L);
        OffsetTracker.Pending third = tracker.add(P0, record(9), 0L);
        first.settle();
        third.settle();

        assertThat(tracker.committable(consumed(10))).containsEntry(P0, new OffsetAndMetadata(5));
    }

    @Test
    void onlyAssignedPartitionsAreCommitted() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.assign(List.of(P0));
        tracker.add(P0, record(4), 0L).settle();
        tracker.remove(List.of(P0));

        assertThat(tracker.committable(consumed(5))).isEmpty();
        tracker.assign(List.of(P0));
        assertThat(tracker.committable(consumed(5))).containsEntry(P0, new OffsetAndMetadata(5));
    }
}
