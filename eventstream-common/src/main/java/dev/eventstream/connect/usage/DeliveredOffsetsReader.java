package dev.eventstream.connect.usage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one connector's delivered-offset marks from the marks topic ({@link UsagePublisher#marksTopic}), from the
 * beginning to its current end, within a time bound. No consumer group, no commits. The consumer lives for one
 * read only (partitions are opened rarely): an idle task holds no connection to the usage cluster for it.
 */
public final class DeliveredOffsetsReader {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveredOffsetsReader.class);

    private final String topic;
    private final String connector;
    private final Map<String, Object> clientConfig;

    public DeliveredOffsetsReader(String usageTopic, String connector, Map<String, Object> clientConfig) {
        this.topic = UsagePublisher.marksTopic(usageTopic);
        this.connector = connector;
        this.clientConfig = clientConfig;
    }

    /**
     * The connector's marks; empty when the topic does not exist yet.
     * @return null when they could not be read within {@code timeout} (the usage cluster is unreachable)
     */
    public Map<TopicPartition, Long> read(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> client = consumer()) {
            List<PartitionInfo> partitions = client.partitionsFor(topic, timeout);
            Map<TopicPartition, Long> marks = new HashMap<>();
            if (partitions == null || partitions.isEmpty()) {
                return marks;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            client.assign(assigned);
            client.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = client.endOffsets(assigned, remaining(deadline));
            while (assigned.stream().anyMatch(tp -> client.position(tp, remaining(deadline)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                for (ConsumerRecord<byte[], byte[]> record : client.poll(remaining(deadline))) {
                    read(record, marks);
                }
            }
            return marks;
        } catch (KafkaException e) {
            LOG.debug("Reading {} failed: {}", topic, e.toString());
            return null;
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record, Map<TopicPartition, Long> marks) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        try {
            TopicPartition partition = UsageCodec.parseMarkKey(record.key(), connector);
            if (partition != null) {
                marks.put(partition, UsageCodec.parseMarkValue(record.value()));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a record of {} that is not a delivered-offset mark (partition {}, offset {}): {}",
                topic, record.partition(), record.offset(), e.getMessage());
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventstream-usage-offsets-" + connector);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
