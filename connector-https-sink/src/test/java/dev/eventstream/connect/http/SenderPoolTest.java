package dev.eventstream.connect.http;

import dev.eventstream.connect.common.SharedResources;
import dev.eventstream.connect.testing.TestSinkTaskContext;
import dev.eventstream.connect.usage.UsageRecorder;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's shared sender pool: its lifecycle across tasks, and fairness between the tasks' endpoints. Each test
 * uses a pool size of its own, so that the tests' pools (shared per size in this JVM) do not meet.
 */
class SenderPoolTest {

    @TempDir
    Path dir;

    private MockWebServer server;
    private Path truststore;
    private final List<HttpsSinkTask> tasks = new ArrayList<>();
    /** Released at the end: requests to /slow wait for it. */
    private final CountDownLatch slowEndpointAnswers = new CountDownLatch(1);
    private final AtomicInteger slowInProgress = new AtomicInteger();
    private final AtomicInteger slowMostInProgress = new AtomicInteger();
    private final AtomicInteger fastAccepted = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        server = new MockWebServer();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory(),
                false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getPath().startsWith("/slow")) {
                    slowMostInProgress.accumulateAndGet(slowInProgress.incrementAndGet(), Math::max);
                    try {
                        slowEndpointAnswers.await(30, TimeUnit.SECONDS);
                    } finally {
                        slowInProgress.decrementAndGet();
                    }
                } else {
                    fastAccepted.incrementAndGet();
                }
                return new MockResponse().setResponseCode(200);
            }
        });
        server.start();
        truststore = dir.resolve("ca.pem");
        Files.writeString(truststore, certificate.certificatePem());
    }

    @AfterEach
    void stop() throws IOException {
        slowEndpointAnswers.countDown();
        tasks.forEach(HttpsSinkTask::stop);
        server.shutdown();
    }

    @Test
    void tasksShareOnePoolThatTheLastTaskToStopShutsDown() {
        int threads = 6;
        HttpsSinkTask first = startTask("/fast-1", threads, new TopicPartition("a", 0));
        HttpsSinkTask second = startTask("/fast-2", threads, new TopicPartition("b", 0));
        assertThat(SenderPool.users(threads)).isEqualTo(2);
        SharedResources<Integer, SenderPool>.Lease probe = SenderPool.acquire(threads);
        SenderPool pool = probe.get();
        probe.close();

        first.stop();
        tasks.remove(first);

        assertThat(SenderPool.users(threads)).as("the pool outlives no task that needs it").isEqualTo(1);
        second.put(records("b", 0, 0, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> fastAccepted.get() >= 1);
        assertThat(pool.isShutdown()).isFalse();

        second.stop();
        tasks.remove(second);

        assertThat(SenderPool.users(threads)).isZero();
        assertThat(pool.isShutdown()).as("the last task to stop closes what only it used").isTrue();
        SharedResources<Integer, SenderPool>.Lease again = SenderPool.acquire(threads);
        try {
            assertThat(again.get()).as("a task starting later gets a new pool").isNotSameAs(pool);
        } finally {
            again.close();
        }
    }

    @Test
    void aPoolNeverRunsMoreThreadsThanItsSizeWhateverTheTasks() throws Exception {
        SharedResources<Integer, SenderPool>.Lease lease = SenderPool.acquire(3);
        try {
            SenderPool pool = lease.get();
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                pool.execute(() -> {
                    running.incrementAndGet();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.incrementAndGet();
                });
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 3);
            assertThat(pool.liveThreads()).isEqualTo(3);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 20);
        } finally {
            lease.close();
        }
    }

    @Test
    void aBlockedEndpointHoldsAtMostHalfThePoolAndTheOtherTasksDeliverMeanwhile() {
        int threads = 4;
        TopicPartition[] slowPartitions = new TopicPartition[6];
        for (int i = 0; i < slowPartitions.length; i++) {
            slowPartitions[i] = new TopicPartition("slow", i);
        }
        HttpsSinkTask slow = startTask("/slow", threads, slowPartitions);
        List<SinkRecord> slowRecords = new ArrayList<>();
        for (TopicPartition tp : slowPartitions) {
            slowRecords.addAll(records(tp.topic(), tp.partition(), 0, 3));
        }
        slow.put(slowRecords);
        await().atMost(Duration.ofSeconds(10)).until(() -> slowInProgress.get() >= 2);

        HttpsSinkTask fast = startTask("/fast", threads, new TopicPartition("fast", 0), new TopicPartition("fast", 1));
        fast.put(records("fast", 0, 0, 3));
        fast.put(records("fast", 1, 0, 3));

        await().atMost(Duration.ofSeconds(5)).until(() -> fastAccepted.get() >= 2);
        assertThat(slowMostInProgress.get()).as("the blocked task's requests in flight: half the pool of 4")
                .isEqualTo(2);
        assertThat(slowInProgress.get()).isEqualTo(2);
    }

    @Test
    void aSlowEndpointHoldsNoMoreThanItsOwnRequestsInFlight() {
        int threads = 10;
        TopicPartition[] slowPartitions = new TopicPartition[6];
        for (int i = 0; i < slowPartitions.length; i++) {
            slowPartitions[i] = new TopicPartition("slow2", i);
        }
        HttpsSinkTask slow = startTask("/slow", threads, Map.of("max.in.flight.requests", "3"), slowPartitions);
        List<SinkRecord> slowRecords = new ArrayList<>();
        for (TopicPartition tp : slowPartitions) {
            slowRecords.addAll(records(tp.topic(), tp.partition(), 0, 3));
        }
        slow.put(slowRecords);
        await().atMost(Duration.ofSeconds(10)).until(() -> slowInProgress.get() >= 3);

        TopicPartition[] fastPartitions = new TopicPartition[7];
        for (int i = 0; i < fastPartitions.length; i++) {
            fastPartitions[i] = new TopicPartition("fast2", i);
        }
        HttpsSinkTask fast = startTask("/fast", threads, Map.of("max.in.flight.requests", "7"), fastPartitions);
        for (TopicPartition tp : fastPartitions) {
            fast.put(records(tp.topic(), tp.partition(), 0, 2));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> fastAccepted.get() >= fastPartitions.length);
        assertThat(slowMostInProgress.get()).isEqualTo(3);
    }

    private HttpsSinkTask startTask(String path, int poolThreads, TopicPartition... partitions) {
        return startTask(path, poolThreads, Map.of(), partitions);
    }

    private HttpsSinkTask startTask(String path, int poolThreads, Map<String, String> overrides,
                                    TopicPartition... partitions) {
        Map<String, String> props = Records.config(server.url(path).toString());
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.type", "PEM");
        props.put("batch.linger.ms", "0");
        props.put("sender.pool.threads", Integer.toString(poolThreads));
        props.putAll(overrides);
        TestSinkTaskContext context = new TestSinkTaskContext(true, partitions);
        HttpsSinkTask task = new HttpsSinkTask((settings, connector, index) -> UsageRecorder.OFF);
        task.initialize(context);
        task.start(props);
        task.open(context.assignment());
        tasks.add(task);
        return task;
    }

    private static List<SinkRecord> records(String topic, int partition, int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(Records.map(topic, partition, i, topic + "-" + partition + "-" + i));
        }
        return out;
    }
}
