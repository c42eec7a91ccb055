package dev.eventstream.connect.http;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per partition, the offset after the highest contiguous settled record (delivered with a 2xx, skipped as a
 * tombstone, or reported to the DLQ). Batches of a partition settle in order, one at a time, so the latest
 * settled batch's end is the contiguous mark. Thread-safe.
 */
final class DeliveryTracker {

    private final Map<TopicPartition, Long> nextOffsets = new ConcurrentHashMap<>();

    /** Records of {@code partition} before {@code nextOffset} are settled. Never moves backwards. */
    void settled(TopicPartition partition, long nextOffset) {
        nextOffsets.merge(partition, nextOffset, Math::max);
    }

    /** Forgets a partition (revoked): its offsets must not be committed by this task any more. */
    void remove(TopicPartition partition) {
        nextOffsets.remove(partition);
    }

    /** Committable offsets for those of {@code partitions} that have settled records. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long next = nextOffsets.get(partition);
            if (next != null) {
                out.put(partition, new OffsetAndMetadata(next));
            }
        }
        return out;
    }
}
