package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventstream.connect.testing.HttpsReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's endpoint answers 503 for a while, on one worker JVM with the bundle: within the retry budget
 * (down 8 s, budget 60 s) nothing is lost, nothing reordered, nothing dead-lettered; beyond it (budget 3 s)
 * exactly the records sent during the outage are in the DLQ, each with the status and the attempt count, and
 * the records after it are delivered. About 40 s.
 */
class EndpointOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointOutageIT.class);
    private static final int PARTITIONS = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("endpoint-outage", 1);

    @Test
    void anOutageWithinTheRetryBudgetLosesNothingAndKeepsOrder() {
        String topic = "voice-outage-short";
        String dlq = "es-dlq-acme-short";
        RIG.cluster().createTopic(topic, PARTITIONS);
        EndpointPlan plan = new EndpointPlan();
        try (HttpsReceiver receiver = HttpsReceiver.start()) {
            receiver.respondWith(plan);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
            Map<String, String> config = Connectors.httpsEndpoint("acme", topic, dlq, receiver, "/acme/crm");
            config.put("retry.timeout.ms", "60000");
            RIG.cluster().rest().putConnectorConfig("es-acme-short", config);
            RIG.cluster().rest().awaitRunning("es-acme-short", 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers("es-acme-short", 3, PARTITIONS);

            traffic.events(topic, PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(receiver, ledger, 300);
            plan.down(503);
            Instant downAt = Instant.now();
            traffic.events(topic, PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
            await("endpoint down for " + OUTAGE).atMost(OUTAGE.plusSeconds(30))
                .until(() -> Duration.between(downAt, Instant.now()).compareTo(OUTAGE) >= 0 && refused(receiver) > 0);
            long refused = refused(receiver);
            plan.up();
            traffic.events(topic, PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(receiver, ledger, 900);

            DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"),
                Traffic.deadLetters(RIG.cluster().kafka().read(dlq, 0, Duration.ofSeconds(2)))).counts();
            LOG.info("FAULT-MATRIX outage-within-budget: {} ; 503 answers during {} down: {}", counts, OUTAGE, refused);
            assertThat(refused).as("requests refused during the outage").isPositive();
            assertThat(counts.lost()).as("lost").isZero();
            assertThat(counts.delivered()).isEqualTo(900);
            assertThat(counts.reordered()).as("reordered").isZero();
            assertThat(counts.duplicates()).as("duplicates (a refused batch is not a delivery)").isZero();
            assertThat(counts.deadLettered()).as("dead-lettered").isZero();
            RIG.cluster().rest().deleteConnector("es-acme-short");
        }
    }

    @Test
    void anOutageBeyondTheRetryBudgetDeadLettersExactlyTheUndeliveredRecords() {
        String topic = "voice-outage-long";
        String dlq = "es-dlq-acme-long";
        RIG.cluster().createTopic(topic, PARTITIONS);
        EndpointPlan plan = new EndpointPlan();
        try (HttpsReceiver receiver = HttpsReceiver.start()) {
            receiver.respondWith(plan);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
            Map<String, String> config = Connectors.httpsEndpoint("acme", topic, dlq, receiver, "/acme/crm");
            config.put("retry.timeout.ms", "3000");
            RIG.cluster().rest().putConnectorConfig("es-acme-long", config);
            RIG.cluster().rest().awaitRunning("es-acme-long", 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers("es-acme-long", 3, PARTITIONS);

            traffic.events(topic, PARTITIONS, List.of("acme"), 200, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(receiver, ledger, 200);
            plan.down(503);
            traffic.events(topic, PARTITIONS, List.of("acme"), 200, tenant -> Ledger.Fate.DEAD_LETTER);
            List<DeliveryCheck.DeadLetter> deadLetters = Traffic.deadLetters(RIG.cluster().kafka().read(dlq, 200, Duration.ofSeconds(60)));
            assertThat(deadLetters).as("the outage's records in the DLQ").hasSize(200);
            plan.up();
            traffic.events(topic, PARTITIONS, List.of("acme"), 200, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(receiver, ledger, 400);

            DeliveryCheck check = new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"),
                Traffic.deadLetters(RIG.cluster().kafka().read(dlq, 201, Duration.ofSeconds(3))));
            DeliveryCheck.Counts counts = check.counts();
            LOG.info("FAULT-MATRIX outage-beyond-budget: {}", counts);
            assertThat(counts.lost()).as("lost").isZero();
            assertThat(counts.deadLettered()).as("dead-lettered: exactly the outage's records").isEqualTo(200);
            assertThat(counts.goodDeadLettered()).as("records sent while the endpoint was up, in the DLQ").isZero();
            assertThat(counts.badDelivered()).as("outage records also delivered").isZero();
            assertThat(counts.delivered()).isEqualTo(400);
            assertThat(counts.reordered()).as("reordered").isZero();
            assertThat(check.unknownDeadLetters()).isEmpty();
            assertThat(deadLetters).allSatisfy(deadLetter -> assertThat(deadLetter.message())
                .contains("503").containsPattern("gave up after \\d+ attempts").contains("retry.timeout.ms=3000"));
            RIG.cluster().rest().deleteConnector("es-acme-long");
        }
    }

    private static long refused(HttpsReceiver receiver) {
        return receiver.requests().stream().filter(request -> request.answeredStatus() == 503).count();
    }

    private static void awaitDelivered(HttpsReceiver receiver, Ledger ledger, long expected) {
        await(expected + " events delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"), List.of()).counts().delivered() >= expected);
    }
}
