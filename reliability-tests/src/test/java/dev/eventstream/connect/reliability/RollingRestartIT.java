package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rolling restart of all three worker JVMs (SIGTERM, then a new worker joins before the next one goes) while
 * events stream into an HTTPS endpoint: nothing lost, nothing reordered; a graceful stop commits what was
 * delivered, so duplicates stay within the requests in flight at each rebalance. About 90 s; -Preliability.
 */
@Tag("long")
class RollingRestartIT {

    private static final Logger LOG = LoggerFactory.getLogger(RollingRestartIT.class);
    private static final String TOPIC = "voice-callthread";
    private static final String CONNECTOR = "es-acme-crm";
    private static final int PARTITIONS = 6;
    private static final int WORKERS = 3;

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("rolling-restart", WORKERS).withReceiver();

    @Test
    void restartingEveryWorkerInTurnLosesNothing() {
        RIG.cluster().createTopic(TOPIC, PARTITIONS);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
        RIG.cluster().rest().putConnectorConfig(CONNECTOR, Connectors.httpsEndpoint("acme", TOPIC, "es-dlq-acme-crm", RIG.receiver(), "/acme/crm"));
        RIG.cluster().rest().awaitRunning(CONNECTOR, 3, FaultCluster.WORKER_STARTUP);
        Traffic.SteadyStream stream = traffic.steady(TOPIC, PARTITIONS, "acme", 300);

        for (WorkerProcess worker : RIG.cluster().workers()) {
            int before = Traffic.arrivals(RIG.receiver(), path -> "acme").size();
            await("deliveries go on").atMost(Duration.ofSeconds(60))
                .until(() -> Traffic.arrivals(RIG.receiver(), path -> "acme").size() >= before + 1000);
            worker.stop(Duration.ofSeconds(30));
            LOG.info("Stopped {}", worker);
            RIG.cluster().addWorker().awaitReady(FaultCluster.WORKER_STARTUP);
            RIG.cluster().rest().awaitRunning(CONNECTOR, 3, Duration.ofSeconds(60));
        }
        stream.stop();
        long expected = ledger.count(Ledger.Fate.DELIVER);
        await("every event delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"), List.of()).counts().delivered() >= expected);

        DeliveryCheck.Counts counts = new DeliveryCheck(ledger, Traffic.arrivals(RIG.receiver(), path -> "acme"), List.of()).counts();
        LOG.info("FAULT-MATRIX rolling-restart: {}", counts);
        assertThat(counts.lost()).as("lost").isZero();
        assertThat(counts.delivered()).isEqualTo(expected);
        assertThat(counts.reordered()).as("reordered").isZero();
        assertThat(counts.duplicates()).as("duplicates: at most the batches in flight at the rebalances (3 x 6 partitions x 50)")
            .isLessThanOrEqualTo(3L * PARTITIONS * 50);
    }
}
