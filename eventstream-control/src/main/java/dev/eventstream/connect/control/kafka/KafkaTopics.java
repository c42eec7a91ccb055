package dev.eventstream.connect.control.kafka;

import dev.eventstream.connect.control.render.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import dev.eventstream.connect.usage.UsageCodec;
import dev.eventstream.connect.usage.UsageKey;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka Admin API as the control plane needs it: create the DLQ and per-tenant demux topics that are missing,
 * and measure a DLQ's depth, a connector's consumer lag per partition, the time of the last record it settled and
 * the last minute it delivered in (from the usage topic).
 */
public final class KafkaTopics implements AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public KafkaTopics(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /** An Admin client for {@code bootstrapServers}; {@code extra} adds client settings (security, ...). */
    public static KafkaTopics connect(String bootstrapServers, Map<String, Object> extra, Duration timeout) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try {
            return new KafkaTopics(Admin.create(props), bootstrapServers, timeout);
        } catch (KafkaException e) {
            throw new KafkaAdminException("Cannot connect to Kafka at " + bootstrapServers + ": "
                + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /** The specs whose topics do not exist yet. */
    public List<TopicSpec> missing(Collection<TopicSpec> specs) {
        Set<String> existing = get(admin.listTopics().names());
        return specs.stream().filter(spec -> !existing.contains(spec.name())).toList();
    }

    /**
     * Creates the topics of {@code specs} that do not exist (a demux topic with its source topic's partition count);
     * returns the names created.
     */
    public List<String> createMissing(Collection<TopicSpec> specs) {
        List<TopicSpec> missing = missing(specs);
        if (missing.isEmpty()) {
            return List.of();
        }
        Set<String> sources = missing.stream().map(TopicSpec::partitionsOf).filter(s -> s != null).collect(Collectors.toSet());
        Map<String, TopicDescription> described = sources.isEmpty() ? Map.of() : get(admin.describeTopics(sources).allTopicNames());
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec spec : missing) {
            Optional<Integer> partitions = Optional.ofNullable(spec.partitions() != null ? spec.partitions()
                : described.get(spec.partitionsOf()).partitions().size());
            topics.add(new NewTopic(spec.name(), partitions, Optional.ofNullable(spec.replication())).configs(spec.configs()));
        }
        List<String> created = new ArrayList<>();
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new KafkaAdminException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException | TimeoutException e) {
                throw failure("create topic " + name, e);
            }
        });
        return created.stream().sorted().toList();
    }

    /** Records in the topic now (end minus start offsets), or empty when it does not exist. */
    public Optional<Long> depth(String topic) {
        if (!get(admin.listTopics().names()).contains(topic)) {
            return Optional.empty();
        }
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        return Optional.of(partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum());
    }

    /** Per partition the consumer group has committed: end offset minus committed offset. */
    public Map<TopicPartition, Long> lag(String group) {
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> end = offsets(new ArrayList<>(committed.keySet()), OffsetSpec.latest());
        Map<TopicPartition, Long> lag = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
            ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                lag.put(partition, Math.max(0, end.get(partition) - offset.offset()));
            }
        });
        return lag;
    }

    /**
     * The newest timestamp among the last records the group committed past, per partition of {@code topics}: when the
     * newest event the connector settled (delivered, filtered or dead-lettered) was produced. Empty when it committed nothing.
     */
    public Optional<Instant> lastCommittedRecordTime(String group, Collection<String> topics) {
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        List<TopicPartition> read = committed.entrySet().stream()
            .filter(e -> e.getValue() != null && e.getValue().offset() > 0 && topics.contains(e.getKey().topic()))
            .map(Map.Entry::getKey).toList();
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(read);
            read.forEach(p -> consumer.seek(p, committed.get(p).offset() - 1));
            long newest = -1;
            Set<TopicPartition> pending = new java.util.HashSet<>(read);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (pending.remove(partition)) {
                        newest = Math.max(newest, record.timestamp());
                    }
                    consumer.pause(List.of(partition));
                }
            }
            return newest < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
        }
    }

    /**
     * The start of the latest minute in which each connector delivered records, from the usage topic the sinks
     * publish to (key: the connector's name, taken from each total's task-instance source). A connector without
     * usage there (usage publishing off, nothing delivered yet) is absent; so is every connector when the topic does
     * not exist. Reads the compacted topic to its current end, bounded by this client's timeout.
     */
    public Map<String, Instant> lastDeliveryMinutes(String usageTopic) {
        if (!get(admin.listTopics().names()).contains(usageTopic)) {
            return Map.of();
        }
        List<TopicPartition> all = partitions(usageTopic);
        Map<TopicPartition, Long> end = offsets(all, OffsetSpec.latest());
        Map<String, Instant> latest = new HashMap<>();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (all.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    lastDelivery(record).ifPresent(entry -> latest.merge(entry.getKey(), entry.getValue(),
                        (a, b) -> a.isAfter(b) ? a : b));
                }
            }
        }
        return latest;
    }

    private static Optional<Map.Entry<String, Instant>> lastDelivery(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            UsageKey key = UsageCodec.parseKey(record.key());
            if (UsageCodec.parseValue(record.value()).records() == 0) {
                return Optional.empty();
            }
            String source = key.source();
            int task = source.lastIndexOf('/', source.lastIndexOf('/') - 1);
            return task <= 0 ? Optional.empty() : Optional.of(Map.entry(source.substring(0, task), key.start()));
        } catch (IllegalArgumentException notUsage) {
            return Optional.empty();
        }
    }

    private List<TopicPartition> partitions(String topic) {
        TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin.listOffsets(request).all());
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaAdminException("Kafka Admin call to " + bootstrapServers + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure("reach Kafka", e);
        }
    }

    private KafkaAdminException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new KafkaAdminException("Interrupted while trying to " + what + " at " + bootstrapServers, e);
        }
        return new KafkaAdminException("Cannot " + what + " at " + bootstrapServers + ": no answer within "
            + timeout.toSeconds() + " s (" + e.getClass().getSimpleName() + ")", e);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
