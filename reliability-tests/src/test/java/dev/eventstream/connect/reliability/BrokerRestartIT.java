package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker stops for 15 s during delivery and comes back (same port, same log directory) while 3 worker
 * JVMs run an HTTPS endpoint with events streaming in: nothing lost, nothing reordered, duplicates only from
 * the offset commits that failed while the broker was away. About 70 s; -Preliability.
 */
@Tag("long")
class BrokerRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIT.class);
    private static final String TOPIC = "voice-callthread";
    private static final String CONNECTOR = "es-acme-crm";
    private static final int PARTITIONS = 6;
    private static final Duration DOWN = Duration.ofSeconds(15);

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("broker-restart", 3).withReceiver();

    @Test
    void aBrokerRestartDuringDeliveryLosesNothing() {
        RIG.cluster().createTopic(TOPIC, PARTITIONS);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
        RIG.cluster().rest().putConnectorConfig(CONNECTOR, Connectors.httpsEndpoint("acme", TOPIC, "es-dlq-acme-crm", RIG.receiver(), "/acme/crm"));
        RIG.cluster().rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
        Traffic.SteadyStream stream = traffic.steady(TOPIC, PARTITIONS, "acme", 300);
        await("deliveries under way").atMost(Duration.ofSeconds(60))
            .until(() -> Traffic.arrivals(RIG.receiver(), path -> "acme").size() >= 1500);

        RIG.cluster().stopBroker();
        Instant stoppedAt = Instant.now();
        int arrivedWhenStopped = Traffic.arrivals(RIG.receiver(), path -> "acme").size();
        await("broker down for " + DOWN).atMost(DOWN.plusSeconds(10)).pollInterval(Duration.ofMillis(500))
            .until(() -> Duration.between(stoppedAt, Instant.now()).compareTo(DOWN) >= 0);
        RIG.cluster().restartBroker();
        LOG.info("Broker stopped at {} for {}; {} events had arrived", stoppedAt, DOWN, arrivedWhenStopped);
        long producedAfter = ledger.size();
        await("producing on after the restart").atMost(Duration.ofSeconds(90)).until(() -> ledger.size() >= producedAfter + 3000);
        stream.stop();
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(() -> new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"), List.of()).counts().delivered(),
            expected, Duration.ofSeconds(30), Duration.ofSeconds(120));

        DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"), List.of()).counts();
        JsonNode tasks = RIG.cluster().rest().connectorStatus(CONNECTOR).path("tasks");
        LOG.info("FAULT-MATRIX broker-restart: {} ; tasks {}", counts, tasks);
        assertThat(tasks).as("tasks after the restart (a FAILED one shows its trace)")
            .allSatisfy(task -> assertThat(task.path("state").asText()).as(task.path("trace").asText()).isEqualTo("RUNNING"));
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(expected);
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(counts.wrongTenant()).isZero();
        assertThat(RIG.cluster().liveWorkers()).hasSize(3);
    }
}
