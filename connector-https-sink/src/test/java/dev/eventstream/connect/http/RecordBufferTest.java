package dev.eventstream.connect.http;

import dev.eventstream.connect.common.HeapSizes;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBufferTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final TopicPartition P2 = new TopicPartition("events", 2);
    private static final long MS = 1_000_000L;

    private final List<RecordBuffer.Partition> claimedPartitions = new ArrayList<>();

    private static List<SinkRecord> records(TopicPartition tp, int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(Records.map(tp.topic(), tp.partition(), i, tp.partition() + "-" + i));
        }
        return out;
    }

    private static RecordBuffer buffer(int maxRecords, long lingerMs) {
        return new RecordBuffer(maxRecords, 1 << 20, lingerMs, HeapSizes::of, new BufferBudget(1L << 30).join(25));
    }

    /** Claims with jobs that do nothing, remembering the claimed partitions. */
    private List<DeliveryJob> claim(RecordBuffer buffer, int maxInFlight, long nowNanos) {
        return buffer.claim(maxInFlight, nowNanos, p -> {
            claimedPartitions.add(p);
            return new DeliveryJob(p, null);
        });
    }

    @Test
    void aPartitionIsClaimedByOneJobAtATimeUntilItFinishes() {
        RecordBuffer buffer = buffer(500, 0);
        buffer.add(records(P0, 0, 3), 0);

        assertThat(claim(buffer, 4, 0)).hasSize(1);
        RecordBuffer.Partition p0 = claimedPartitions.get(0);
        assertThat(buffer.take(p0)).hasSize(3);
        buffer.add(records(P0, 3, 2), 0);
        assertThat(claim(buffer, 4, 0)).isEmpty();

        buffer.finish(p0, 3, true);

        assertThat(buffer.job(p0)).isNull();
        assertThat(claim(buffer, 4, 0)).hasSize(1);
        assertThat(buffer.take(p0)).extracting(SinkRecord::kafkaOffset).containsExactly(3L, 4L);
    }

    @Test
    void noMoreThanMaxInFlightJobsRunAtOnce() {
        RecordBuffer buffer = buffer(500, 0);
        buffer.add(records(P0, 0, 1), 0);
        buffer.add(records(P1, 0, 1), 0);
        buffer.add(records(P2, 0, 1), 0);

        assertThat(claim(buffer, 2, 0)).hasSize(2);
        assertThat(buffer.inFlight()).isEqualTo(2);
        assertThat(claim(buffer, 2, 0)).isEmpty();

        buffer.finish(claimedPartitions.get(0), 0, true);

        assertThat(claim(buffer, 2, 0)).hasSize(1);
        assertThat(claimedPartitions).extracting(RecordBuffer.Partition::topicPartition)
                .containsExactlyInAnyOrder(P0, P1, P2);
    }

    @Test
    void aQuietEndpointGetsARecordAtOnceWithoutWaitingForTheLinger() {
        RecordBuffer buffer = buffer(500, 100);
        buffer.add(records(P0, 0, 1), 0);

        assertThat(claim(buffer, 4, 0)).hasSize(1);
        assertThat(buffer.take(claimedPartitions.get(0))).hasSize(1);
    }

    @Test
    void whileARequestIsInFlightAPartialBatchWaitsForTheLingerAndAFullOneDoesNot() {
        RecordBuffer buffer = buffer(3, 100);
        buffer.add(records(P2, 0, 1), 0);
        assertThat(claim(buffer, 4, 0)).hasSize(1);
        buffer.add(records(P0, 0, 2), 0);
        buffer.add(records(P1, 0, 3), 0);

        assertThat(claim(buffer, 4, 50 * MS)).hasSize(1);
        assertThat(claimedPartitions.get(1).topicPartition()).isEqualTo(P1);
        assertThat(claim(buffer, 4, 99 * MS)).isEmpty();
        assertThat(claim(buffer, 4, 100 * MS)).hasSize(1);
        assertThat(claimedPartitions.get(2).topicPartition()).isEqualTo(P0);
    }

    @Test
    void atMostOneRequestGoesEarlyAndTheNextWhenTheEndpointIsIdleAgain() {
        RecordBuffer buffer = buffer(500, 100);
        buffer.add(records(P0, 0, 1), 0);
        buffer.add(records(P1, 0, 1), 0);

        assertThat(claim(buffer, 4, 0)).hasSize(1);
        RecordBuffer.Partition first = claimedPartitions.get(0);
        assertThat(claim(buffer, 4, 10 * MS)).isEmpty();
        buffer.take(first);

        buffer.finish(first, 1, true);

        assertThat(claim(buffer, 4, 10 * MS)).hasSize(1);
        assertThat(claimedPartitions).extracting(RecordBuffer.Partition::topicPartition).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void aPartitionWhoseRequestCompletedSendsWhatGatheredMeanwhileInOneBatch() {
        RecordBuffer buffer = buffer(500, 100);
        buffer.add(records(P0, 0, 1), 0);
        claim(buffer, 4, 0);
        RecordBuffer.Partition p0 = claimedPartitions.get(0);
        buffer.take(p0);
        buffer.add(records(P0, 1, 40), 1 * MS);

        buffer.finish(p0, 1, true);

        assertThat(claim(buffer, 4, 5 * MS)).hasSize(1);
        assertThat(buffer.take(p0)).hasSize(40);
    }

    @Test
    void anInFlightBatchHoldsTheCommitAtItsFirstOffsetUntilSettled() {
        RecordBuffer buffer = buffer(2, 0);
        buffer.add(records(P0, 10, 3), 0);
        claim(buffer, 4, 0);
        RecordBuffer.Partition p0 = claimedPartitions.get(0);
        assertThat(buffer.take(p0)).hasSize(2);

        assertThat(buffer.oldestUnsettledOffsets(List.of(P0))).isEqualTo(Map.of(P0, 10L));
        buffer.finish(p0, 2, false);
        assertThat(buffer.oldestUnsettledOffsets(List.of(P0))).isEqualTo(Map.of(P0, 10L));
        assertThat(buffer.heldRecords()).isEqualTo(1);

        claim(buffer, 4, 0);
        buffer.take(p0);
        buffer.finish(p0, 1, true);
        assertThat(buffer.oldestUnsettledOffsets(List.of(P0))).isEmpty();
        assertThat(buffer.heldRecords()).isZero();
    }

    @Test
    void aClaimThatFindsAPartitionLingeringTellsWhenItsDeadlineIs() {
        RecordBuffer buffer = buffer(500, 100);
        buffer.add(records(P0, 0, 1), 0);
        buffer.add(records(P1, 0, 1), 0);
        assertThat(buffer.nextDeadlineNanos()).as("no claim yet").isEqualTo(Long.MAX_VALUE);
        claim(buffer, 4, 0);
        assertThat(buffer.nextDeadlineNanos()).as("one partition sent at once, the other lingers")
                .isEqualTo(100 * MS);

        claim(buffer, 4, 30 * MS);

        assertThat(buffer.nextDeadlineNanos()).isEqualTo(70 * MS);
    }

    @Test
    void theBufferHoldsTheMeasuredHeapOfItsRecordsUntilTheyAreSettledOrRemoved() {
        BufferBudget budget = new BufferBudget(1L << 30);
        BufferBudget.Share share = budget.join(25);
        RecordBuffer buffer = new RecordBuffer(500, 1 << 20, 0, r -> 1000 + r.kafkaOffset(), share);
        int perRecord = RecordBuffer.QUEUE_BYTES_PER_RECORD;
        buffer.add(records(P0, 0, 4), 0);
        buffer.add(records(P1, 0, 2), 0);
        assertThat(buffer.heldBytes()).isEqualTo(6000 + 6 + 1 + 6 * perRecord);
        assertThat(share.bytes()).isEqualTo(buffer.heldBytes());
        assertThat(budget.held()).isEqualTo(buffer.heldBytes());

        claim(buffer, 4, 0);
        RecordBuffer.Partition p0 = claimedPartitions.stream().filter(p -> p.topicPartition().equals(P0)).findFirst()
                .orElseThrow();
        List<SinkRecord> taken = buffer.take(p0);
        buffer.putBack(p0, taken.subList(2, 4));
        buffer.split(p0, List.of(taken.get(1)), 2);
        assertThat(buffer.heldBytes()).as("in flight, put back or queued: all held")
                .isEqualTo(6000 + 6 + 1 + 6 * perRecord);

        buffer.finish(p0, 1, true);
        assertThat(buffer.heldBytes()).as("offset 0 of P0 settled").isEqualTo(5000 + 6 + 1 + 5 * perRecord);

        buffer.remove(List.of(P0, P1));
        assertThat(buffer.heldBytes()).isZero();
        assertThat(budget.held()).isZero();
    }

    @Test
    void recordsPutBackToAClosedPartitionAreNoLongerHeld() {
        BufferBudget.Share share = new BufferBudget(1L << 30).join(25);
        RecordBuffer buffer = new RecordBuffer(500, 1 << 20, 0, r -> 100, share);
        buffer.add(records(P0, 0, 3), 0);
        claim(buffer, 4, 0);
        RecordBuffer.Partition p0 = claimedPartitions.get(0);
        List<SinkRecord> taken = buffer.take(p0);
        buffer.remove(List.of(P0));

        buffer.putBack(p0, taken.subList(1, 3));
        assertThat(buffer.heldBytes()).isEqualTo(100 + RecordBuffer.QUEUE_BYTES_PER_RECORD);
        buffer.finish(p0, 1, false);

        assertThat(buffer.heldBytes()).isZero();
        assertThat(share.bytes()).isZero();
    }

    @Test
    void removedPartitionsDropTheirQueueAndAreAwaitedUntilTheirJobFinishes() throws InterruptedException {
        RecordBuffer buffer = buffer(500, 0);
        buffer.add(records(P0, 0, 5), 0);
        buffer.add(records(P1, 0, 5), 0);
        claim(buffer, 1, 0);
        RecordBuffer.Partition claimed = claimedPartitions.get(0);
        buffer.take(claimed);

        List<RecordBuffer.Partition> removed = buffer.remove(List.of(P0, P1));

        assertThat(removed).allMatch(RecordBuffer.Partition::closed);
        assertThat(buffer.heldRecords()).isEqualTo(5);
        assertThat(buffer.awaitFinished(removed, System.nanoTime())).containsExactly(claimed);
        buffer.finish(claimed, 5, false);
        assertThat(buffer.awaitFinished(removed, System.nanoTime())).isEmpty();
        assertThat(buffer.heldRecords()).isZero();
        assertThat(buffer.inFlight()).isZero();
    }
}
