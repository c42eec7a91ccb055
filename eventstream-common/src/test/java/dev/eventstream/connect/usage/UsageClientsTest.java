package dev.eventstream.connect.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The usage clients of a worker are shared by its tasks. The clusters named here do not exist: no test flushes
 * through them (an idle publisher makes no clients), except where a producer is made on purpose, which needs no broker.
 */
class UsageClientsTest {

    private static final Duration NEVER = Duration.ofMinutes(10);
    private final List<UsagePublisher> publishers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        publishers.forEach(UsagePublisher::close);
    }

    private static Map<String, Object> cluster(String bootstrapServers) {
        return Map.of("bootstrap.servers", bootstrapServers);
    }

    private UsagePublisher start(String connector, Map<String, Object> clientConfig) {
        UsagePublisher publisher = UsagePublisher.start(new UsageMeter(connector, 0), new DeliveredOffsets(),
            "eventstream-usage", clientConfig, NEVER);
        publishers.add(publisher);
        return publisher;
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }

    @Test
    void tasksPublishingToTheSameClusterShareOneProducerAndOneFlushThread() {
        Map<String, Object> config = cluster("127.0.0.1:1");
        List<UsagePublisher> tasks = new ArrayList<>();
        for (int task = 0; task < 20; task++) {
            tasks.add(start("es-tenant" + task + "-crm", config));
        }
        UsageClients clients = tasks.get(0).clients();
        assertThat(tasks).allSatisfy(task -> assertThat(task.clients()).isSameAs(clients));
        assertThat(UsageClients.users(config)).isEqualTo(20);
        assertThat(tasks.get(0).clients().producer()).isSameAs(tasks.get(19).clients().producer());
        assertThat(threadsNamed(clients.name() + "-flush")).as("one flush thread for 20 tasks").isEqualTo(1);
    }

    @Test
    void differentClusterConfigsGetDifferentClients() {
        UsagePublisher a = start("es-acme-crm", cluster("127.0.0.1:2"));
        UsagePublisher b = start("es-globex-crm", Map.of("bootstrap.servers", "127.0.0.1:2", "security.protocol", "SSL"));
        assertThat(a.clients()).isNotSameAs(b.clients());
        assertThat(a.clients().name()).isNotEqualTo(b.clients().name());
    }

    @Test
    void oneTaskClosingLeavesTheOthersClientsOpenAndTheLastOneClosesThem() {
        Map<String, Object> config = cluster("127.0.0.1:3");
        UsagePublisher first = UsagePublisher.start(new UsageMeter("es-acme-crm", 0), "eventstream-usage", config, NEVER);
        UsagePublisher second = start("es-acme-crm", config);
        UsageClients clients = second.clients();
        clients.producer();

        first.close();
        first.close();
        assertThat(clients.closed()).as("the other task still publishes through them").isFalse();
        assertThat(UsageClients.users(config)).isEqualTo(1);
        assertThat(threadsNamed(clients.name() + "-flush")).isEqualTo(1);

        publishers.remove(second);
        second.close();
        assertThat(clients.closed()).isTrue();
        assertThat(UsageClients.users(config)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed(clients.name() + "-flush") == 0);
        assertThat(start("es-acme-crm", config).clients()).as("a later task gets fresh clients").isNotSameAs(clients);
    }

    @Test
    void aPublisherAwaitingAcknowledgementsDoesNotHoldUpAnotherOnTheSharedThread() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        UsageClients clients = UsageClients.of(producer, null);
        try {
            UsageMeter slow = new UsageMeter("es-acme-crm", 0);
            UsageMeter other = new UsageMeter("es-globex-crm", 0);
            UsagePublisher slowPublisher = new UsagePublisher(slow, null, "eventstream-usage", clients, () -> { }, Clock.systemUTC());
            UsagePublisher otherPublisher = new UsagePublisher(other, null, "eventstream-usage", clients, () -> { }, Clock.systemUTC());
            slow.add("acme", "voice-callthread", System.currentTimeMillis(), UsageCounts.delivered(1, 10, 10, 0));
            other.add("globex", "voice-callthread", System.currentTimeMillis(), UsageCounts.delivered(1, 10, 10, 0));

            slowPublisher.flushNow(Duration.ofMillis(50));
            await("sent, never acknowledged").atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
            otherPublisher.flushNow(Duration.ofMillis(50));
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
            assertThat(UsageCodec.parseKey(producer.history().get(1).key()).tenant()).isEqualTo("globex");
            assertThat(slow.pending()).as("kept until acknowledged").hasSize(1);
        } finally {
            clients.close();
        }
    }

    @Test
    void aPublisherWhoseSendsFailLeavesTheOthersOnTheSharedClientsPublishing() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(
                    ProducerRecord<byte[], byte[]> record,
                    Callback callback) {
                if (record.topic().equals("not-allowed")) {
                    throw new KafkaException("not authorized to write to not-allowed");
                }
                return super.send(record, callback);
            }
        };
        UsageClients clients = UsageClients.of(producer, null);
        try {
            UsageMeter failing = new UsageMeter("es-acme-crm", 0);
            UsageMeter healthy = new UsageMeter("es-globex-crm", 0);
            UsagePublisher failingPublisher = new UsagePublisher(failing, null, "not-allowed", clients, () -> { }, Clock.systemUTC());
            UsagePublisher healthyPublisher = new UsagePublisher(healthy, null, "eventstream-usage", clients, () -> { }, Clock.systemUTC());
            failing.add("acme", "voice-callthread", System.currentTimeMillis(), UsageCounts.delivered(1, 10, 10, 0));
            healthy.add("globex", "voice-callthread", System.currentTimeMillis(), UsageCounts.delivered(1, 10, 10, 0));

            failingPublisher.flushNow(Duration.ofSeconds(5));
            healthyPublisher.flushNow(Duration.ofSeconds(5));
            assertThat(healthy.pending()).as("published").isEmpty();
            assertThat(failing.pending()).as("kept for the next flush").hasSize(1);
            failingPublisher.flushNow(Duration.ofSeconds(5));
            healthy.add("globex", "voice-callthread", System.currentTimeMillis(), UsageCounts.delivered(1, 10, 10, 0));
            healthyPublisher.flushNow(Duration.ofSeconds(5));
            assertThat(healthy.pending()).as("the shared thread still serves the healthy task").isEmpty();
        } finally {
            clients.close();
        }
    }
}
