package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.ReceivedRequest;
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
 * An endpoint that throttles (every request answered 429 with {@code Retry-After: 2} for 20 s) and one that
 * takes 10 s per request, on one worker JVM: nothing lost, duplicated or dead-lettered, order kept, the tasks never
 * evicted for a poll timeout and their consumers never rebalanced (counted from the consumer coordinator's log lines).
 * Traffic starts once the task consumers own their partitions ({@link FaultCluster#awaitTaskConsumers}): records
 * read before would be given up, with their 10 s requests in flight, at the connector's own start-up rebalance and
 * sent again by the next owner (523 duplicates at 12:51 on 2026-11-30; docs/reliability.md). About 60 s; -Preliability.
 */
@Tag("long")
class EndpointThrottleIT {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointThrottleIT.class);
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("throttle", 1).withWorkerSettings(Map.of("consumer.max.poll.interval.ms", "15000"));

    @Test
    void aStormOf429WithRetryAfterLosesNothing() {
        String topic = "voice-throttled";
        EndpointPlan plan = new EndpointPlan();
        try (HttpsReceiver receiver = HttpsReceiver.start()) {
            receiver.respondWith(plan);
            RIG.cluster().createTopic(topic, PARTITIONS);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
            Map<String, String> config = Connectors.httpsEndpoint("acme", topic, "es-dlq-acme-throttled", receiver, "/acme/crm");
            config.put("retry.timeout.ms", "120000");
            RIG.cluster().rest().putConnectorConfig("es-acme-throttled", config);
            RIG.cluster().rest().awaitRunning("es-acme-throttled", 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers("es-acme-throttled", 3, PARTITIONS);

            plan.throttle(2);
            Instant stormFrom = Instant.now();
            traffic.events(topic, PARTITIONS, List.of("acme"), 1000, tenant -> Ledger.Fate.DELIVER);
            await("a 20 s storm").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> Duration.between(stormFrom, Instant.now()).toSeconds() >= 20);
            long throttled = receiver.requests().stream().filter(r -> r.answeredStatus() == 429).count();
            plan.up();
            awaitDelivered(receiver, ledger, 1000);
            DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"),
                Traffic.deadLetters(RIG.cluster().kafka().read("es-dlq-acme-throttled", 0, Duration.ofSeconds(2)))).counts();
            LOG.info("FAULT-MATRIX 429-storm: {} ; 429 answers in 20 s: {}", counts, throttled);
            assertThat(throttled).isPositive();
            // Retry-After: 2 s is honoured: per partition (one request in flight each) at most one try per 2 s.
            assertThat(throttled).as("requests during the storm").isLessThanOrEqualTo(PARTITIONS * (20 / 2 + 2));
            assertThat(counts.lost()).isZero();
            assertThat(counts.deadLettered()).isZero();
            assertThat(counts.reordered()).isZero();
            assertThat(counts.duplicates()).isZero();
            RIG.cluster().rest().deleteConnector("es-acme-throttled");
        }
    }

    @Test
    void anEndpointTakingTenSecondsPerRequestCausesNoRebalance() {
        String topic = "voice-slow";
        EndpointPlan plan = new EndpointPlan();
        try (HttpsReceiver receiver = HttpsReceiver.builder().threads(8).start()) {
            receiver.respondWith(plan);
            RIG.cluster().createTopic(topic, PARTITIONS);
            Ledger ledger = new Ledger();
            Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
            Map<String, String> config = Connectors.httpsEndpoint("acme", topic, "es-dlq-acme-slow", receiver, "/acme/crm");
            config.put("http.timeout.request.ms", "20000");
            config.put("retry.timeout.ms", "120000");
            config.put("batch.max.records", "500");
            RIG.cluster().rest().putConnectorConfig("es-acme-slow", config);
            RIG.cluster().rest().awaitRunning("es-acme-slow", 3, FaultCluster.WORKER_STARTUP);
            RIG.cluster().awaitTaskConsumers("es-acme-slow", 3, PARTITIONS);
            int logLinesBefore = RIG.cluster().workerLogLines().size();

            plan.slow(Duration.ofSeconds(10));
            traffic.events(topic, PARTITIONS, List.of("acme"), 3000, tenant -> Ledger.Fate.DELIVER);
            awaitDelivered(receiver, ledger, 3000);
            List<String> lines = RIG.cluster().workerLogLines();
            List<String> newLines = lines.subList(logLinesBefore, lines.size());
            long evictions = newLines.stream().filter(line -> line.contains("poll timeout has expired")
                || line.contains("max.poll.interval.ms")).count();
            List<String> consumerGroupLines = lines.stream().filter(line -> line.contains("groupId=connect-es-acme-slow")
                || line.contains("WorkerSinkTask{id=es-acme-slow-")).filter(EndpointThrottleIT::rebalanceOrRewind).toList();
            long rebalances = newLines.stream().filter(line -> line.contains("groupId=connect-es-acme-slow"))
                .filter(line -> line.contains("Revoke previously assigned partitions") || line.contains("Request joining group due to")
                    || line.contains("Lost previously assigned partitions")).count();
            DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"), List.of()).counts();
            LOG.info("FAULT-MATRIX slow-endpoint: {} ; poll-timeout evictions {}, rebalances {}; requests sent again: {}",
                counts, evictions, rebalances, resentRequests(receiver));
            LOG.info("Task consumers of es-acme-slow (joins, assignments, revocations, rewinds), since the connector was created:\n{}",
                String.join("\n", consumerGroupLines));
            JsonNode status = RIG.cluster().rest().connectorStatus("es-acme-slow");
            assertThat(status.path("tasks")).allSatisfy(task -> assertThat(task.path("state").asText()).isEqualTo("RUNNING"));
            assertThat(evictions).as("poll-timeout evictions").isZero();
            assertThat(rebalances).as("rebalances").isZero();
            assertThat(counts.lost()).isZero();
            assertThat(counts.duplicates()).isZero();
            assertThat(counts.reordered()).isZero();
            RIG.cluster().rest().deleteConnector("es-acme-slow");
        }
    }

    /** A consumer coordinator's or sink task's line about joining, assignment, revocation or rewinding. */
    private static boolean rebalanceOrRewind(String line) {
        return line.contains("joining group") || line.contains("Successfully joined") || line.contains("assigned partitions")
            || line.contains("Rewinding") || line.contains("poll timeout");
    }

    /** Requests that carried the same events (first seq and count) more than once: when, answered what. */
    private static List<String> resentRequests(HttpsReceiver receiver) {
        Map<String, List<ReceivedRequest>> byId = new java.util.LinkedHashMap<>();
        receiver.requests().forEach(request -> byId.computeIfAbsent(request.bodyAsJson().path(0).path("seq").asText()
            + "+" + request.bodyAsJson().size(), id -> new java.util.ArrayList<>()).add(request));
        return byId.values().stream().filter(requests -> requests.size() > 1)
            .map(requests -> requests.stream().map(r -> r.receivedAt() + " answered " + r.answeredStatus()).toList().toString())
            .toList();
    }

    private static void awaitDelivered(HttpsReceiver receiver, Ledger ledger, long expected) {
        await(expected + " events delivered").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
            .until(() -> new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"), List.of()).counts().delivered() >= expected);
    }
}
