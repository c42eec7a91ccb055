package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.HttpsReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task restarted on the worker where its previous instance has not finished stopping, as happens when the broker
 * (the group coordinator) is away for more than a few seconds: the worker revokes its assignment, the old instance's
 * stop outlasts {@code task.shutdown.graceful.timeout.ms} ("Graceful stop of task ... failed"), and when the broker is
 * back the same task id starts again on the same worker while the old one is still closing. Here the worker's
 * graceful timeout is 1 ms, so that every restart of the task ({@code POST /connectors/{name}/restart?includeTasks=true})
 * overlaps the two instances. The task must come back RUNNING each time and deliver every event. About 30 s.
 *
 * <p>Red on main as of 2026-11-30 (docs/reliability.md, "Known defects"): the new instance's {@code start()} registers
 * the {@code buffered-bytes} plugin metric, which the old instance still holds, and Kafka refuses it
 * ({@code IllegalArgumentException: A metric named ... buffered-bytes ... already exists}): the task is FAILED for good.
 * Seen first in {@code BrokerRestartIT} (run of 13:07), where all three tasks died that way after the broker restart.
 * Tagged {@code known-defect}: it runs with -Preliability until the HTTPS sink's fix is merged.
 */
@Tag("known-defect")
class TaskRestartOverlapIT {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRestartOverlapIT.class);
    private static final String TOPIC = "voice-restart";
    private static final String CONNECTOR = "es-acme-restart";
    private static final int RESTARTS = 8;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FaultCluster cluster;
    private static HttpsReceiver receiver;

    @BeforeAll
    static void start() {
        cluster = FaultCluster.start("task-restart", 1, Map.of("task.shutdown.graceful.timeout.ms", "1"));
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
    void aTaskRestartedBeforeItsPreviousInstanceStoppedKeepsRunning() throws Exception {
        cluster.createTopic(TOPIC, 1);
        Map<String, String> config = Connectors.httpsEndpoint("acme", TOPIC, "es-dlq-acme-restart", receiver, "/acme/crm");
        config.put("tasks.max", "1");
        cluster.rest().putConnectorConfig(CONNECTOR, config);
        cluster.rest().awaitRunning(CONNECTOR, 1, FaultCluster.WORKER_STARTUP);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(cluster.kafka(), ledger);

        List<String> failures = new ArrayList<>();
        for (int restart = 0; restart < RESTARTS && failures.isEmpty(); restart++) {
            traffic.events(TOPIC, 1, List.of("acme"), 50, tenant -> Ledger.Fate.DELIVER);
            restartConnectorAndTasks();
            String state = settledTaskState();
            if (!state.equals("RUNNING")) {
                failures.add("restart " + (restart + 1) + ": " + state + ": "
                    + cluster.rest().connectorStatus(CONNECTOR).path("tasks").path(0).path("trace").asText().lines().findFirst().orElse(""));
            }
        }
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(() -> check(ledger).counts().delivered(), expected, Duration.ofSeconds(10), Duration.ofSeconds(60));
        DeliveryCheck.Counts counts = check(ledger).counts();
        long overlaps = cluster.workerLogLines().stream().filter(line -> line.contains("Graceful stop of task " + CONNECTOR)).count();
        LOG.info("FAULT-MATRIX task-restart-overlap: {} ; restarts whose old instance outlived the graceful timeout: {}; "
            + "tasks that did not come back: {}", counts, overlaps, failures);
        assertThat(overlaps).as("restarts that overlapped the old and new instance (the condition under test)").isPositive();
        assertThat(failures).as("restarts after which the task was not RUNNING").isEmpty();
        assertThat(counts.lost()).as("lost").isZero();
    }

    private static void restartConnectorAndTasks() throws IOException, InterruptedException {
        URI uri = cluster.liveWorkers().get(0).url().resolve("connectors/" + CONNECTOR + "/restart?includeTasks=true&onlyFailed=false");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("restart answered " + response.body()).isBetween(200, 299);
    }

    /** The task's state once it left RESTARTING / UNASSIGNED: RUNNING, or FAILED with a trace. */
    private static String settledTaskState() {
        AtomicReference<String> state = new AtomicReference<>("");
        await("task restarted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .during(Duration.ofSeconds(1))
            .until(() -> {
                JsonNode task = cluster.rest().connectorStatus(CONNECTOR).path("tasks").path(0);
                state.set(task.path("state").asText());
                return state.get().equals("RUNNING") || state.get().equals("FAILED");
            });
        return state.get();
    }

    private static DeliveryCheck check(Ledger ledger) {
        return new DeliveryCheck(ledger, Traffic.arrivals(receiver, path -> "acme"), List.of());
    }
}
