package dev.eventstream.connect.http;

import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ScriptedResponse;
import dev.eventstream.connect.testing.TestRecord;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.assertCompleteAndOrdered;
import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.connectorConfig;
import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.deliveredIds;
import static dev.eventstream.connect.http.HttpsSinkDeliveryIT.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Endpoint outage and worker loss on a two-worker cluster. */
class HttpsSinkResilienceIT {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSinkResilienceIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static ConnectClusterHarness cluster;
    private static HttpsReceiver receiver;
    private static volatile Instant outageEnds = Instant.MIN;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectClusterHarness.embedded(2);
        receiver = HttpsReceiver.start();
        receiver.respondWith(r -> r.path().equals("/outage") && Instant.now().isBefore(outageEnds)
                ? ScriptedResponse.status(503) : ScriptedResponse.ok());
    }

    @AfterAll
    static void stopCluster() {
        if (receiver != null) {
            receiver.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void endpointDownForThirtySecondsLosesNothingAndKeepsOrder() {
        String topic = "it-outage";
        cluster.kafka().createTopic(topic, 3);
        Map<String, String> config = connectorConfig(topic, receiver.url("/outage"), receiver.certificates());
        config.put("retry.backoff.initial.ms", "200");
        config.put("retry.backoff.max.ms", "2000");
        cluster.rest().putConnectorConfig("es-it-outage", config);
        cluster.rest().awaitRunning("es-it-outage", 1, TIMEOUT);
        outageEnds = Instant.now().plusSeconds(30);
        List<TestRecord> records = events(topic, 3, 3_000);
        cluster.kafka().produce(records);
        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/outage").stream().distinct().count() == 3_000);
        assertCompleteAndOrdered(deliveredIds(receiver, "/outage"), 3, 3_000);
        long refused = receiver.requests().stream().filter(r -> r.path().equals("/outage") && r.answeredStatus() == 503).count();
        // 3 partitions backing off 200 ms .. 2 s for 30 s: about 15-50 attempts each; a retry loop without backoff
        // (or one that gave up and dead-lettered) would not fit in these bounds
        assertThat(refused).as("503 answers during the outage").isBetween(3L * 8, 3L * 100);
        cluster.rest().deleteConnector("es-it-outage");
    }

    @Test
    void workerStoppedMidStreamLosesNothing() {
        String topic = "it-failover";
        cluster.kafka().createTopic(topic, 3);
        Map<String, String> config = connectorConfig(topic, receiver.url("/failover"), receiver.certificates());
        config.put("tasks.max", "2");
        cluster.rest().putConnectorConfig("es-it-failover", config);
        cluster.rest().awaitRunning("es-it-failover", 2, TIMEOUT);
        List<TestRecord> records = events(topic, 3, 6_000);
        cluster.kafka().produce(records.subList(0, 3_000));
        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/failover").size() >= 1_000);
        // Stop the worker that runs task 0, so that the stop really interrupts delivery.
        String taskWorker = cluster.rest().connectorStatus("es-it-failover").path("tasks").get(0).path("worker_id").asText();
        WorkerHandle victim = cluster.connect().workers().stream()
                .filter(worker -> taskWorker.endsWith(":" + worker.url().getPort()))
                .findFirst().orElseThrow(() -> new AssertionError("no worker runs task 0 (" + taskWorker + ")"));
        cluster.connect().removeWorker(victim);
        cluster.kafka().produce(records.subList(3_000, 6_000));
        await().atMost(TIMEOUT).until(() -> deliveredIds(receiver, "/failover").stream().distinct().count() == 6_000);
        List<String> ids = deliveredIds(receiver, "/failover");
        assertCompleteAndOrdered(ids, 3, 6_000);
        LOG.info("Worker failover: {} deliveries for 6000 records, {} duplicates", ids.size(), ids.size() - 6_000);
        // the REST leader may have been the stopped worker: retry until the group has a new one
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> cluster.rest().deleteConnector("es-it-failover"));
    }
}
