package dev.eventstream.connect.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Knows which offsets are safe to commit: per consumed partition, the records handed to the producer in offset order,
 * and which of them are settled (acknowledged by the target, skipped, or written to the DLQ). A record that failed
 * for good is never settled, so nothing from it on is committed.
 *
 * <p>Partitions are this task's from {@link #assign} (Connect's {@code open}) to {@link #remove} ({@code close}); only
 * they are committed. The queues are touched by the task thread only ({@link #add}, {@link #committable}, {@link #remove}); producer
 * callbacks only set the {@link Pending#settle() settled} flag of their record, which is volatile.
 * Connect hands a partition's records over in offset order; the connector never rewinds its consumer
 * (it neither throws from preCommit nor calls {@code context.offset}), so the queues stay in offset order.
 */
final class OffsetTracker {

    /** One record handed to the producer (or settled at once), with what its callback needs. */
    static final class Pending {
        final SinkRecord record;
        final long offset;
        final long sentNanos;
        private volatile boolean settled;

        Pending(SinkRecord record, long offset, long sentNanos) {
            this.record = record;
            this.offset = offset;
            this.sentNanos = sentNanos;
        }

        void settle() {
            settled = true;
        }

        boolean settled() {
            return settled;
        }
    }

    private static final class PartitionState {
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /** The record's consumed partition: its original topic and partition, as Connect commits them. */
    static TopicPartition partitionOf(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    /** Takes on newly assigned partitions (Connect's original topic-partitions, KIP-793), with nothing tracked yet. */
    void assign(Collection<TopicPartition> assigned) {
        assigned.forEach(partition -> partitions.putIfAbsent(partition, new PartitionState()));
    }

    /** Tracks {@code record}, not yet settled. */
    Pending add(TopicPartition partition, SinkRecord record, long nowNanos) {
        Pending pending = new Pending(record, record.originalKafkaOffset(), nowNanos);
        partitions.computeIfAbsent(partition, p -> new PartitionState()).queue.addLast(pending);
        return pending;
    }

    /** Tracks {@code record} as settled already (skipped). */
    void addSettled(TopicPartition partition, SinkRecord record) {
        add(partition, record, 0L).settle();
    }

    /**
     * Offsets to commit, for the partitions of {@code current} (Connect's consumed offsets) that are assigned to this
     * task; a partition closed (revoked or lost) is not this task's to commit. Every record before the
     * oldest unsettled one is done: settled, or filtered out by a transform (those never reach {@code put}). So a
     * partition commits up to its oldest unsettled record, or its consumed offset when nothing is unsettled. The
     * queue is in offset order and settled records leave it from the front, so the offset never goes back.
     */
    Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, OffsetAndMetadata> current) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : current.entrySet()) {
            PartitionState state = partitions.get(entry.getKey());
            if (state == null) {
                continue;
            }
            Pending head = state.queue.peekFirst();
            while (head != null && head.settled()) {
                state.queue.pollFirst();
                head = state.queue.peekFirst();
            }
            out.put(entry.getKey(), head == null ? entry.getValue() : new OffsetAndMetadata(head.offset));
        }
        return out;
    }

    /** Forgets closed (revoked or lost) partitions: their offsets are not this task's to commit any more. */
    void remove(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Records tracked and not yet settled (or settled after the last {@link #committable} call). */
    long tracked() {
        long total = 0;
        for (PartitionState state : partitions.values()) {
            total += state.queue.size();
        }
        return total;
    }
}
