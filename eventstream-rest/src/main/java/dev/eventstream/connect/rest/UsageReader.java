package dev.eventstream.connect.rest;

import dev.eventstream.connect.usage.UsageCodec;
import dev.eventstream.connect.usage.UsageCounts;
import dev.eventstream.connect.usage.UsageKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted usage topic from the beginning to its current end and keeps the latest total of every key
 * (task instance, tenant, endpoint, topic, minute): what the sinks last published. No consumer group, no commits.
 */
final class UsageReader {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReader.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> clientConfig;

    UsageReader(String topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        this.clientConfig = clientConfig;
    }

    Map<UsageKey, UsageCounts> latest() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventstream-usage-reader");
        Map<UsageKey, UsageCounts> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, READ_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return latest;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp, READ_TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new ApiException(503, "usage_unavailable", "Reading the usage topic " + topic
                        + " took longer than " + READ_TIMEOUT.toSeconds() + " s; try again", "topic");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read(record, latest);
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ConnectException("Cannot read the usage topic " + topic + ": " + e.getMessage(), e);
        }
        return latest;
    }

    private static void read(ConsumerRecord<byte[], byte[]> record, Map<UsageKey, UsageCounts> latest) {
        if (record.key() == null) {
            return;
        }
        try {
            UsageKey key = UsageCodec.parseKey(record.key());
            if (record.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, UsageCodec.parseValue(record.value()));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a record of the usage topic that is not usage (partition {}, offset {}): {}",
                record.partition(), record.offset(), e.getMessage());
        }
    }
}
