package dev.eventstream.connect.http;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * Which offsets are safe to commit. Connect hands over, per consumed partition, the offset it consumed up to; the
 * records before it either reached {@code put} or were dropped by a transform (another tenant, an unsubscribed
 * event), and those never reach the sink, so they are settled already. A partition with nothing unsettled in the
 * {@link RecordBuffer} (queued, or in flight until delivered, skipped or acknowledged by the DLQ) commits that
 * consumed offset; otherwise the offset of its oldest unsettled record, before which everything is settled.
 */
final class DeliveryTracker {

    private final RecordBuffer buffer;

    DeliveryTracker(RecordBuffer buffer) {
        this.buffer = buffer;
    }

    Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, OffsetAndMetadata> consumed) {
        Map<TopicPartition, Long> oldestUnsettled = buffer.oldestUnsettledOffsets(consumed.keySet());
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : consumed.entrySet()) {
            Long oldest = oldestUnsettled.get(entry.getKey());
            out.put(entry.getKey(), oldest == null || oldest >= entry.getValue().offset()
                    ? entry.getValue() : new OffsetAndMetadata(oldest));
        }
        return out;
    }
}
