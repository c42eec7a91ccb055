package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.connect.ClusterUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a dead letter queue from its beginning without a consumer group (nothing is committed, nobody else's
 * position moves): each record with the reason Connect wrote into its {@code __connect.errors.*} headers.
 */
final class DeadLetters {

    static final String ERROR_HEADER_PREFIX = "__connect.errors.";
    private static final String STACKTRACE_HEADER = ERROR_HEADER_PREFIX + "exception.stacktrace";

    /** One dead-lettered record: where it came from and why, from the headers; the value only when asked for. */
    record DeadLetter(int partition, long offset, String time, String key, int valueBytes, String value,
                      Map<String, String> errors) {

        String source() {
            return errors.getOrDefault(ERROR_HEADER_PREFIX + "topic", "?") + "-" + errors.getOrDefault(ERROR_HEADER_PREFIX + "partition", "?")
                + "@" + errors.getOrDefault(ERROR_HEADER_PREFIX + "offset", "?");
        }

        String stage() {
            return errors.getOrDefault(ERROR_HEADER_PREFIX + "stage", "?");
        }

        /** The exception's class and message on one line. */
        String reason() {
            String message = errors.getOrDefault(ERROR_HEADER_PREFIX + "exception.message", "");
            String exception = errors.getOrDefault(ERROR_HEADER_PREFIX + "exception.class.name", "?");
            return exception.substring(exception.lastIndexOf('.') + 1) + ": " + message.replaceAll("\\s*\\R\\s*", " ");
        }
    }

    /** What was read: the records (by partition and offset, at most the limit) and how many the topic holds. */
    record Result(String topic, boolean exists, long total, List<DeadLetter> records) {
    }

    private DeadLetters() {
    }

    static Result read(String bootstrapServers, String topic, int limit, boolean withValues, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Reading must not create: a broker with auto.create.topics.enable would make a missing DLQ on this lookup.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return new Result(topic, false, 0, List.of());
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long total = partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<DeadLetter> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < Math.min(limit, total) && !reachedEnd(consumer, partitions, end)) {
                if (System.nanoTime() > deadline) {
                    throw new ClusterUnreachableException("Read only " + records.size() + " of the " + total + " records of " + topic
                        + " at " + bootstrapServers + " within " + timeout.toSeconds() + " s", null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (records.size() < limit) {
                        records.add(deadLetter(record, withValues));
                    }
                }
            }
            records.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
            return new Result(topic, true, total, records);
        } catch (KafkaException e) {
            throw new ClusterUnreachableException("Cannot read " + topic + " at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, boolean withValues) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(ERROR_HEADER_PREFIX) && !header.key().equals(STACKTRACE_HEADER) && header.value() != null) {
                errors.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        byte[] value = record.value();
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()).toString(),
            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
            value == null ? 0 : value.length, withValues && value != null ? new String(value, StandardCharsets.UTF_8) : null, errors);
    }
}
