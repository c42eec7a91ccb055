package dev.eventstream.bench.kafka;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the Kafka benchmarks share: preloading JSON events, counting records on a cluster, waiting. */
final class BenchClusters {

    static final int EVENT_BYTES = 1024;

    private BenchClusters() {
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static void createTopics(Admin admin, Collection<String> topics, int partitions) throws ExecutionException, InterruptedException {
        List<NewTopic> newTopics = new ArrayList<>();
        topics.forEach(topic -> newTopics.add(new NewTopic(topic, partitions, (short) 1)));
        admin.createTopics(newTopics).all().get();
    }

    /** Produces {@code count} JSON events of {@link #EVENT_BYTES} bytes, key {@code keyOf(i)}, lz4, and waits for them. */
    static void preload(String bootstrap, String topic, int count, IntFunction<String> keyOf) {
        byte[] padding = new byte[EVENT_BYTES];
        new SecureRandom().nextBytes(padding);
        String filler = Base64.getEncoder().encodeToString(padding);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "1"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String key = keyOf.apply(i);
                String head = "{\"id\":\"EventEstablished\",\"seq\":" + i + ",\"key\":\"" + key + "\",\"ANI\":\"+15550100\",\"pad\":\"";
                String json = head + filler.substring(0, EVENT_BYTES - head.length() - 2) + "\"}";
                producer.send(new ProducerRecord<>(topic, key.getBytes(), json.getBytes()));
            }
            producer.flush();
        }
    }

    /** Sum of the end offsets of the topics' partitions (0 for a topic that does not exist yet). */
    static long endOffsets(Admin admin, Collection<String> topics) throws InterruptedException {
        try {
            Map<String, org.apache.kafka.clients.admin.TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            described.forEach((topic, description) -> description.partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            long sum = 0;
            for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        } catch (ExecutionException e) {
            return 0;
        }
    }

    /** Sum of a consumer group's committed offsets. */
    static long committed(Admin admin, String group) throws ExecutionException, InterruptedException {
        long sum = 0;
        for (OffsetAndMetadata offset : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values()) {
            if (offset != null) {
                sum += offset.offset();
            }
        }
        return sum;
    }

    /** Waits until {@code condition} holds, polling every 20 ms. */
    static void await(String what, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** A condition that may throw. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
