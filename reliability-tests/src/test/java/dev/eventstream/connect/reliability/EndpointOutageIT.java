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
        try (AcmeEndpoint endpoint = AcmeEndpoint.start("short", 60_000)) {
            Traffic traffic = endpoint.traffic();
            traffic.events(endpoint.topic(), PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(endpoint, 300);
            endpoint.plan().down(503);
            Instant downAt = Instant.now();
            traffic.events(endpoint.topic(), PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
            await("endpoint down for " + OUTAGE).atMost(OUTAGE.plusSeconds(30))
                .until(() -> Duration.between(downAt, Instant.now()).compareTo(OUTAGE) >= 0 && refused(endpoint.receiver()) > 0);
            long refused = refused(endpoint.receiver());
            endpoint.plan().up();
            traffic.events(endpoint.topic(), PARTITIONS, List.of("acme"), 300, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(endpoint, 900);

            DeliveryCheck.Counts counts = endpoint.check(0, Duration.ofSeconds(2)).counts();
            LOG.info("FAULT-MATRIX outage-within-budget: {} ; 503 answers during {} down: {}", counts, OUTAGE, refused);
            assertThat(refused).as("requests refused during the outage").isPositive();
            assertThat(counts.lost()).as("lost").isZero();
            assertThat(counts.delivered()).isEqualTo(900);
            assertThat(counts.reordered()).as("reordered").isZero();
            assertThat(counts.duplicates()).as("duplicates (a refused batch is not a delivery)").isZero();
            assertThat(counts.deadLettered()).as("dead-lettered").isZero();
        }
    }

    @Test
    void anOutageBeyondTheRetryBudgetDeadLettersExactlyTheUndeliveredRecords() {
        try (AcmeEndpoint endpoint = AcmeEndpoint.start("long", 3_000)) {
            Traffic traffic = endpoint.traffic();
            traffic.events(endpoint.topic(), PARTITIONS, List.of("acme"), 200, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(endpoint, 200);
            endpoint.plan().down(503);
            traffic.events(endpoint.topic(), PARTITIONS, List.of("acme"), 200, tenant -> Ledger.Fate.DEAD_LETTER);
            List<DeliveryCheck.DeadLetter> deadLetters =
                Traffic.deadLetters(RIG.cluster().kafka().read(endpoint.dlq(), 200, Duration.ofSeconds(60)));
            assertThat(deadLetters).as("the outage's records in the DLQ").hasSize(200);
            endpoint.plan().up();
            traffic.events(endpoint.topic(), PARTITIONS, List.of("acme"), 200, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(endpoint, 400);

            DeliveryCheck check = endpoint.check(201, Duration.ofSeconds(3));
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
        }
    }

    /**
     * Tenant acme's endpoint {@code es-acme-<name>} on its own topic ({@code voice-outage-<name>}), DLQ and receiver,
     * with {@code retry.timeout.ms} as given, its task consumers owning the partitions; closing deletes the connector.
     */
    private record AcmeEndpoint(String topic, String dlq, String connector, EndpointPlan plan, HttpsReceiver receiver,
                                Ledger ledger, Traffic traffic) implements AutoCloseable {

        static AcmeEndpoint start(String name, long retryTimeoutMs) {
            String topic = "voice-outage-" + name;
            String dlq = "es-dlq-acme-" + name;
            String connector = "es-acme-" + name;
            RIG.cluster().createTopic(topic, PARTITIONS);
            EndpointPlan plan = new EndpointPlan();
            HttpsReceiver receiver = HttpsReceiver.start();
            receiver.respondWith(plan);
            Ledger ledger = new Ledger();
            Map<String, String> config = Connectors.httpsEndpoint("acme", topic, dlq, receiver, "/acme/crm");
            config.put("retry.timeout.ms", Long.toString(retryTimeoutMs));
            RIG.cluster().rest().putConnectorConfig(connector, config);
            RIG.cluster().rest().awaitRunning(connector, 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers(connector, 3, PARTITIONS);
            return new AcmeEndpoint(topic, dlq, connector, plan, receiver, ledger, new Traffic(RIG.cluster().kafka(), ledger));
        }

        /** What arrived at the receiver and, reading up to {@code deadLetters} of them, what is in the DLQ. */
        DeliveryCheck check(int deadLetters, Duration wait) {
            return new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"),
                Traffic.deadLetters(RIG.cluster().kafka().read(dlq, deadLetters, wait)));
        }

        @Override
        public void close() {
            try {
                RIG.cluster().rest().deleteConnector(connector);
            } finally {
                receiver.close();
            }
        }
    }

    private static long refused(HttpsReceiver receiver) {
        return receiver.requests().stream().filter(request -> request.answeredStatus() == 503).count();
    }

    private static void awaitDelivered(AcmeEndpoint endpoint, long expected) {
        await(expected + " events delivered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
            .until(() -> new DeliveryCheck(endpoint.ledger(), Traffic.arrivals(endpoint.receiver(), path -> "acme"), List.of())
                .counts().delivered() >= expected);
    }
}
