package dev.eventstream.connect.region;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KafkaRegionMapSourceTest {

    private static final String TOPIC = "eventstream-regions";
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final BlockingMockConsumer consumer = new BlockingMockConsumer();
    private KafkaRegionMapSource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private void topicWithTwoPartitions() {
        consumer.updatePartitions(TOPIC, List.of(
                new PartitionInfo(TOPIC, 0, null, null, null),
                new PartitionInfo(TOPIC, 1, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset, String tenant, String region) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, tenant, region);
    }

    private KafkaRegionMapSource source(Duration startupTimeout) {
        source = new KafkaRegionMapSource("kafka:broker:9092/" + TOPIC, TOPIC, INTERVAL, startupTimeout,
                () -> consumer, Clock.systemUTC());
        return source;
    }

    /** The existing records of the compacted topic, handed out by the first poll after assignment. */
    private void existingRecords(List<ConsumerRecord<String, String>> records) {
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
    }

    @Test
    void readsTheTopicToItsEndBeforeStartReturns() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 3L, P1, 1L));
        existingRecords(List.of(
                record(P0, 0, "acme", "us-east"),
                record(P0, 1, "globex", "eu-west"),
                record(P0, 2, "acme", "eu-west"),
                record(P1, 0, "initech", "ap-south")));

        source(Duration.ofSeconds(5)).start();

        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west", "globex", "eu-west", "initech", "ap-south"));
        assertThat(consumer.assignment()).containsExactlyInAnyOrder(P0, P1);
        assertThat(source.stats().getTenants()).isEqualTo(3);
    }

    @Test
    void anEmptyTopicIsAnEmptyMap() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));

        source(Duration.ofSeconds(5)).start();

        assertThat(source.current()).isEmpty();
    }

    @Test
    void appliesANewRecordAndATombstoneWhileTailing() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 1L, P1, 0L));
        existingRecords(List.of(record(P0, 0, "acme", "eu-west")));
        source(Duration.ofSeconds(5)).start();

        consumer.deliver(record(P1, 0, "acme", "us-east"));
        await().atMost(INTERVAL.multipliedBy(5)).untilAsserted(() ->
                assertThat(source.current()).isEqualTo(Map.of("acme", "us-east")));

        consumer.deliver(record(P0, 1, "globex", "eu-west"));
        consumer.deliver(record(P1, 1, "acme", null));
        await().atMost(INTERVAL.multipliedBy(5)).untilAsserted(() ->
                assertThat(source.current()).isEqualTo(Map.of("globex", "eu-west")));
    }

    @Test
    void ignoresRecordsWithoutTenantOrWithAnEmptyRegion() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 3L, P1, 0L));
        existingRecords(List.of(
                record(P0, 0, "acme", "eu-west"),
                record(P0, 1, null, "us-east"),
                record(P0, 2, "acme", "")));

        source(Duration.ofSeconds(5)).start();

        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));
    }

    /**
     * What a real consumer does when its cluster becomes unreachable (see the next test): polls return nothing
     * after their timeout, without an exception, and a request that needs a broker times out. An empty poll is
     * then no proof that the map is current: it must count as a failed refresh, not a successful one.
     */
    @Test
    void anUnreachableClusterIsAFailedRefreshNotAnEmptyMapUpdate() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 1L, P1, 0L));
        existingRecords(List.of(record(P0, 0, "acme", "eu-west")));
        source(Duration.ofSeconds(5)).start();
        await().atMost(INTERVAL.multipliedBy(5)).until(() -> source.stats().getRefreshSuccesses() > 1);

        consumer.unreachable(true);
        await().atMost(INTERVAL.multipliedBy(10)).until(() -> source.stats().getConsecutiveFailures() >= 2);
        long lastSuccess = source.stats().getLastSuccessMs();
        await().during(INTERVAL.multipliedBy(3)).atMost(INTERVAL.multipliedBy(5))
                .until(() -> source.stats().getLastSuccessMs() == lastSuccess);
        assertThat(source.current()).isEqualTo(Map.of("acme", "eu-west"));

        consumer.unreachable(false);
        consumer.deliver(record(P0, 1, "acme", "us-east"));
        await().atMost(INTERVAL.multipliedBy(10)).untilAsserted(() -> {
            assertThat(source.current()).isEqualTo(Map.of("acme", "us-east"));
            assertThat(source.stats().getConsecutiveFailures()).isZero();
            assertThat(source.stats().getLastSuccessMs()).isGreaterThan(lastSuccess);
        });
    }

    /** The behaviour the simulation above stands for, checked on a real consumer of a port nothing listens on. */
    @Test
    void aRealConsumerOfAnUnreachableClusterPollsNothingAndTimesOutOnEndOffsets() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (KafkaConsumer<String, String> real = new KafkaConsumer<>(props)) {
            real.assign(List.of(P0));
            real.seek(P0, 0L);

            assertThat(real.poll(Duration.ofMillis(300))).isEmpty();
            assertThatThrownBy(() -> real.endOffsets(List.of(P0), Duration.ofMillis(300)))
                    .isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void startFailsClearlyWhenTheTopicDoesNotExist() {
        consumer.updatePartitions(TOPIC, List.of());

        assertThatThrownBy(() -> source(Duration.ofMillis(300)).start())
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("No region map could be loaded from kafka:broker:9092/" + TOPIC)
                .hasMessageContaining("does not exist");
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void startFailsClearlyWhenTheEndIsNotReachedInTime() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 5L, P1, 0L));
        existingRecords(List.of(record(P0, 0, "acme", "eu-west")));

        assertThatThrownBy(() -> source(Duration.ofMillis(500)).start())
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("was not read to its end offsets");
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void closeStopsTheTailerAndClosesTheConsumer() {
        topicWithTwoPartitions();
        consumer.updateEndOffsets(Map.of(P0, 0L, P1, 0L));
        source(Duration.ofSeconds(5)).start();

        source.close();

        assertThat(consumer.closed()).isTrue();
    }

    /** A MockConsumer whose poll waits for records (up to its timeout) like a real one, instead of spinning. */
    private static final class BlockingMockConsumer extends MockConsumer<String, String> {
        private final Semaphore arrivals = new Semaphore(0);
        private volatile boolean unreachable;

        BlockingMockConsumer() {
            super("earliest");
        }

        void deliver(ConsumerRecord<String, String> record) {
            addRecord(record);
            arrivals.release();
        }

        /** Like a cluster no broker of which answers: polls wait and return nothing, endOffsets times out. */
        void unreachable(boolean unreachable) {
            this.unreachable = unreachable;
            arrivals.release();
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
            if (unreachable) {
                throw new TimeoutException("Failed to get offsets by times in " + timeout.toMillis() + "ms");
            }
            return super.endOffsets(partitions, timeout);
        }

        @Override
        public ConsumerRecords<String, String> poll(Duration timeout) {
            if (unreachable) {
                awaitArrival(timeout);
                return ConsumerRecords.empty();
            }
            ConsumerRecords<String, String> records = super.poll(Duration.ZERO);
            if (!records.isEmpty()) {
                return records;
            }
            awaitArrival(timeout);
            return super.poll(Duration.ZERO);
        }

        private void awaitArrival(Duration timeout) {
            try {
                if (arrivals.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    arrivals.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }

        @Override
        public synchronized void wakeup() {
            super.wakeup();
            arrivals.release();
        }
    }
}
