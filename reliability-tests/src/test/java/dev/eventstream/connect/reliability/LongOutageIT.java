package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.HttpsReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 100,000 events and the customer's endpoint down (503) for 5 minutes, within a 10-minute retry budget, on one worker
 * JVM with 3 tasks: 20,000 delivered first, 60,000 produced at 200/s during the outage, 20,000 after it. Nothing lost,
 * duplicated, reordered or dead-lettered; the tasks keep running (no poll-timeout eviction while the partitions wait).
 * About 5.5 minutes; -Preliability.
 */
@Tag("long")
class LongOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(LongOutageIT.class);
    private static final String TOPIC = "voice-long-outage";
    private static final String CONNECTOR = "es-acme-long-outage";
    private static final String DLQ = "es-dlq-acme-long-outage";
    private static final int PARTITIONS = 3;
    private static final Duration OUTAGE = Duration.ofMinutes(5);
    private static final int BEFORE = 20_000;
    private static final int DURING_PER_SECOND = 200;
    private static final int AFTER = 20_000;

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("long-outage", 1);

    @Test
    void aFiveMinuteOutageWithinTheRetryBudgetLosesNoneOfAHundredThousandEvents() {
        EndpointPlan plan = new EndpointPlan();
        try (HttpsReceiver receiver = HttpsReceiver.start()) {
            receiver.respondWith(plan);
            RIG.cluster().createTopic(TOPIC, PARTITIONS);
            Map<String, String> config = Connectors.httpsEndpoint("acme", TOPIC, DLQ, receiver, "/acme/crm");
            config.put("batch.max.records", "500");
            config.put("retry.timeout.ms", Long.toString(Duration.ofMinutes(10).toMillis()));
            config.put("retry.backoff.max.ms", "5000");
            RIG.cluster().rest().putConnectorConfig(CONNECTOR, config);
            RIG.cluster().rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers(CONNECTOR, 3, PARTITIONS);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
            long startedAt = System.nanoTime();

            traffic.events(TOPIC, PARTITIONS, List.of("acme"), BEFORE, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(receiver, ledger, BEFORE, Duration.ofMinutes(2));
            plan.down(503);
            Instant downAt = Instant.now();
            Traffic.SteadyStream during = traffic.steady(TOPIC, PARTITIONS, "acme", DURING_PER_SECOND);
            await("endpoint down for " + OUTAGE).atMost(OUTAGE.plusMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Duration.between(downAt, Instant.now()).compareTo(OUTAGE) >= 0);
            during.stop();
            long producedDuringOutage = ledger.size() - BEFORE;
            long refused = receiver.requests().stream().filter(request -> request.answeredStatus() == 503).count();
            plan.up();
            Instant upAt = Instant.now();
            traffic.events(TOPIC, PARTITIONS, List.of("acme"), AFTER, tenant -> Ledger.Fate.DELIVER);
            long expected = ledger.size();
            awaitDelivered(receiver, ledger, expected, Duration.ofMinutes(3));
            Duration catchUp = Duration.between(upAt, Instant.now());

            DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"),
                Traffic.deadLetters(RIG.cluster().kafka().read(DLQ, 0, Duration.ofSeconds(2)))).counts();
            LOG.info("FAULT-MATRIX long-outage: {} ; produced during the {} outage {}, 503 answers {}, delivered all {} s after "
                + "the endpoint came back; {} s in all", counts, OUTAGE, producedDuringOutage, refused, catchUp.toSeconds(),
                java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt));
            assertThat(producedDuringOutage).as("produced during the outage").isGreaterThanOrEqualTo(50_000);
            assertThat(refused).as("requests refused during the outage").isPositive();
            assertThat(counts.lost()).as("lost").isZero();
            assertThat(counts.delivered()).isEqualTo(expected);
            assertThat(counts.duplicates()).as("duplicates").isZero();
            assertThat(counts.reordered()).as("reordered").isZero();
            assertThat(counts.deadLettered()).as("dead-lettered").isZero();
            assertThat(RIG.cluster().rest().connectorStatus(CONNECTOR).path("tasks"))
                .allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
        }
    }

    private static void awaitDelivered(HttpsReceiver receiver, Ledger ledger, long expected, Duration timeout) {
        Settle.until(() -> new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"), List.of()).counts().delivered(),
            expected, Duration.ofSeconds(60), timeout);
    }
}
