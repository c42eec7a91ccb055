package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.HttpsReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGKILL of the worker that runs an HTTPS sink task while events stream in (3 worker JVMs, 3 tasks,
 * 6 partitions, ~400 events/s of the endpoint's tenant and some of another): nothing lost, nothing reordered,
 * and every duplicate was first delivered less than one offset commit interval (+ its latency) before the
 * kill. About 45 s.
 */
class SigkillHttpsSinkIT {

    private static final Logger LOG = LoggerFactory.getLogger(SigkillHttpsSinkIT.class);
    private static final String TOPIC = "voice-callthread";
    private static final String CONNECTOR = "es-acme-crm";
    private static final String DLQ = "es-dlq-acme-crm";
    private static final int PARTITIONS = 6;
    /** The commit interval plus the time an offset commit takes to reach the broker. */
    private static final Duration DUPLICATE_WINDOW = FaultCluster.OFFSET_FLUSH_INTERVAL.plusSeconds(2);

    private static FaultCluster cluster;
    private static HttpsReceiver receiver;

    @BeforeAll
    static void start() {
        cluster = FaultCluster.start("sigkill-https", 3);
        receiver = HttpsReceiver.start();
        receiver.respondWith(new EndpointPlan());
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheWorkerOfATaskMidDeliveryLosesNothing() {
        cluster.kafka().createTopic(TOPIC, PARTITIONS);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(cluster.kafka(), ledger);
        traffic.events(TOPIC, PARTITIONS, List.of("acme", "globex"), 200,
            tenant -> tenant.equals("acme") ? Ledger.Fate.DELIVER : Ledger.Fate.DROP);

        cluster.rest().putConnectorConfig(CONNECTOR, Connectors.httpsEndpoint("acme", TOPIC, DLQ, receiver, "/acme/crm"));
        cluster.rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
        Traffic.SteadyStream stream = traffic.steady(TOPIC, PARTITIONS, "acme", 400);

        await("deliveries under way").atMost(Duration.ofSeconds(60))
            .until(() -> Traffic.arrivals(receiver, path -> "acme").size() >= 2000);
        WorkerProcess victim = cluster.workerRunningTask(CONNECTOR, 0);
        Instant killedAt = Instant.now();
        victim.kill();
        long producedAtKill = ledger.size();
        LOG.info("SIGKILL {} at {} after {} records produced", victim, killedAt, producedAtKill);

        await("producing on after the kill").atMost(Duration.ofSeconds(30)).until(() -> ledger.size() >= producedAtKill + 3000);
        stream.stop();
        cluster.rest().awaitRunning(CONNECTOR, 3, Duration.ofSeconds(60));
        long expected = ledger.count(Ledger.Fate.DELIVER);
        await("every acme event delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"), List.of()).counts().delivered() >= expected);

        DeliveryCheck check = new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"),
            Traffic.deadLetters(cluster.kafka().read(DLQ, 0, Duration.ofSeconds(2))));
        DeliveryCheck.Counts counts = check.counts();
        long windowDeliveries = check.firstDeliveredWithin(killedAt, DUPLICATE_WINDOW);
        LOG.info("FAULT-MATRIX sigkill-https: {} ; first deliveries in the {} before the kill: {}", counts,
            DUPLICATE_WINDOW, windowDeliveries);
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(expected);
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(counts.wrongTenant()).as("wrong tenant").isZero();
        assertThat(counts.deadLettered()).as("dead-lettered").isZero();
        assertThat(check.duplicatesFirstDeliveredBefore(killedAt, DUPLICATE_WINDOW))
            .as("duplicates first delivered more than one commit interval before the kill").isZero();
        assertThat(counts.duplicates()).as("duplicates").isLessThanOrEqualTo(windowDeliveries + inFlightAtRebalance());
    }

    /** Requests in flight when the survivors' partitions are revoked are sent again: at most one batch per partition. */
    private static long inFlightAtRebalance() {
        return 50L * PARTITIONS;
    }
}
