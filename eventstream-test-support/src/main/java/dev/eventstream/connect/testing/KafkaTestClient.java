package dev.eventstream.connect.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces and reads test records on a real broker: topics, producers with a chosen compression, and
 * reading a topic from the beginning until a count is reached.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final Map<String, KafkaProducer<byte[], byte[]>> producers = new HashMap<>();
    private Admin admin;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** Creates the topic (replication factor 1) unless it exists. */
    public void createTopic(String topic, int partitions, Map<String, String> configs) {
        try {
            admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topic " + topic, e);
        }
    }

    /** Produces the records in order with an uncompressed producer and waits until all are acknowledged. */
    public void produce(List<TestRecord> records) {
        produce(records, "none");
    }

    /** Produces with the given producer compression ({@code none, gzip, snappy, lz4, zstd}) and waits for acks. */
    public void produce(List<TestRecord> records, String compressionType) {
        KafkaProducer<byte[], byte[]> producer = producer(compressionType);
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>(records.size());
        for (TestRecord record : records) {
            RecordHeaders headers = new RecordHeaders();
            record.headers().forEach(headers::add);
            sends.add(producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(),
                record.value(), headers)));
        }
        producer.flush();
        try {
            for (java.util.concurrent.Future<?> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Producing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing", e);
        }
    }

    public void produce(TestRecord... records) {
        produce(List.of(records));
    }

    /**
     * A shared producer per compression type; acks=all, idempotent, batches of up to 64 KiB, one request in flight.
     * One in flight, because on a topic created a moment before, the broker can refuse a partition's first batch
     * (NOT_LEADER_OR_FOLLOWER: its leadership not applied yet) and then append the next ones, which were in flight
     * beside it; it accepts any first sequence of an unknown producer, so the first batch's retry (sequence 0) is out
     * of order for good, and the test fails 2 minutes later on the delivery timeout (seen in HttpsSinkDeliveryIT,
     * 2026-12-01). With one request in flight a partition's next batch waits for the first.
     */
    public synchronized KafkaProducer<byte[], byte[]> producer(String compressionType) {
        return producers.computeIfAbsent(compressionType, type -> new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, type,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 65536,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
            new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /**
     * Reads every partition of the topic from the beginning until at least {@code expected} records
     * were read or the timeout passed, and returns what was read, in partition then offset order.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** The sum of the end offsets of the topic's partitions. */
    public long endOffsetSum(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public synchronized void close() {
        producers.values().forEach(KafkaProducer::close);
        producers.clear();
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
