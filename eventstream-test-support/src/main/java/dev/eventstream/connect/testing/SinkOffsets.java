package dev.eventstream.connect.testing;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What a sink connector committed: the offsets of its consumer group, {@code connect-<connector>}. */
public final class SinkOffsets {

    private SinkOffsets() {
    }

    /** The connector's committed offsets, summed over the partitions it committed (0 before its first commit). */
    public static long committedSum(KafkaTestClient kafka, String connector) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the offsets of connect-" + connector, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the offsets of connect-" + connector, e);
        }
    }
}
