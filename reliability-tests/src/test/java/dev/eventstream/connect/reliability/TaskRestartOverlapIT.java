package dev.eventstream.connect.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task restarted on the worker where its previous instance has not finished stopping, as happens when the broker
 * (the group coordinator) is away for more than a few seconds: the worker revokes its assignment, the old instance's
 * stop outlasts {@code task.shutdown.graceful.timeout.ms} ("Graceful stop of task ... failed"), and when the broker is
 * back the same task id starts again on the same worker while the old one is still closing. Here the worker's
 * graceful timeout is 1 ms, so that every restart of the task ({@code POST /connectors/{name}/restart?includeTasks=true})
 * overlaps the two instances. The task must come back RUNNING each time and deliver every event; for the HTTPS sink
 * and for the Kafka sink. About 40 s.
 *
 * <p>Red before the sinks registered their metrics through {@code TaskMetrics} (both sinks failed on the first
 * restart: the new instance's {@code start()} registered a plugin gauge that the old instance still held, Kafka refused
 * it with {@code IllegalArgumentException: A metric named ... already exists}, and the task was FAILED for good). Seen
 * first in {@code BrokerRestartIT} (run of 13:07), where all three HTTPS sink tasks died that way after a broker restart.
 */
class TaskRestartOverlapIT {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRestartOverlapIT.class);
    private static final int RESTARTS = 8;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final FaultRig RIG = FaultRig.workers("task-restart", 1).withWorkerSettings(Map.of("task.shutdown.graceful.timeout.ms", "1")).withReceiver();

    @Test
    void anHttpsSinkTaskRestartedBeforeItsPreviousInstanceStoppedKeepsRunning() throws Exception {
        String topic = "voice-restart-https";
        RIG.cluster().createTopic(topic, 1);
        Map<String, String> config = Connectors.httpsEndpoint("acme", topic, "es-dlq-acme-restart-https", RIG.receiver(), "/acme/crm");
        restartRepeatedly("https-sink", "es-acme-restart-https", topic, config, () -> Traffic.arrivals(RIG.receiver(), path -> "acme"));
    }

    @Test
    void aKafkaSinkTaskRestartedBeforeItsPreviousInstanceStoppedKeepsRunning() throws Exception {
        String topic = "voice-restart-kafka";
        String target = topic + ".out";
        RIG.cluster().createTopic(topic, 1);
        RIG.cluster().createTopic(target, 1);
        Map<String, String> config = Connectors.kafkaEndpoint("acme", topic, "es-dlq-acme-restart-kafka", RIG.cluster().bootstrapServers(), target);
        restartRepeatedly("kafka-sink", "es-acme-restart-kafka", topic, config,
            () -> Traffic.arrivals(RIG.cluster().kafka().read(target, Integer.MAX_VALUE, Duration.ofMillis(500)), "acme"));
    }

    private static void restartRepeatedly(String scenario, String connector, String topic, Map<String, String> config,
                                          Supplier<List<DeliveryCheck.Arrival>> arrivals) throws Exception {
        config.put("tasks.max", "1");
        RIG.cluster().rest().putConnectorConfig(connector, config);
        RIG.cluster().rest().awaitRunning(connector, 1, FaultCluster.WORKER_STARTUP);
        Ledger ledger = new Ledger();
        Traffic traffic = new Traffic(RIG.cluster().kafka(), ledger);
        int logLinesBefore = RIG.cluster().workerLogLines().size();

        List<String> failures = new ArrayList<>();
        for (int restart = 0; restart < RESTARTS && failures.isEmpty(); restart++) {
            traffic.events(topic, 1, List.of("acme"), 50, tenant -> Ledger.Fate.DELIVER);
            restartConnectorAndTasks(connector);
            String state = settledTaskState(connector);
            if (!state.equals("RUNNING")) {
                failures.add("restart " + (restart + 1) + ": " + state + ": "
                    + RIG.cluster().rest().connectorStatus(connector).path("tasks").path(0).path("trace").asText().lines().findFirst().orElse(""));
            }
        }
        long expected = ledger.count(Ledger.Fate.DELIVER);
        Settle.until(() -> new DeliveryCheck(ledger, arrivals.get(), List.of()).counts().delivered(), expected,
            Duration.ofSeconds(10), Duration.ofSeconds(60));
        DeliveryCheck.Counts counts = new DeliveryCheck(ledger, arrivals.get(), List.of()).counts();
        List<String> lines = RIG.cluster().workerLogLines();
        long overlaps = lines.subList(logLinesBefore, lines.size()).stream()
            .filter(line -> line.contains("Graceful stop of task " + connector)).count();
        LOG.info("FAULT-MATRIX task-restart-overlap {}: {} ; restarts whose old instance outlived the graceful timeout: {}; "
            + "tasks that did not come back: {}", scenario, counts, overlaps, failures);
        assertThat(overlaps).as("restarts that overlapped the old and new instance (the condition under test)").isPositive();
        assertThat(failures).as("restarts after which the task was not RUNNING").isEmpty();
        assertThat(counts.lost()).as("lost").isZero();
    }

    private static void restartConnectorAndTasks(String connector) throws IOException, InterruptedException {
        URI uri = RIG.cluster().liveWorkers().get(0).url().resolve("connectors/" + connector + "/restart?includeTasks=true&onlyFailed=false");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("restart answered " + response.body()).isBetween(200, 299);
    }

    /** The task's state once it left RESTARTING / UNASSIGNED: RUNNING, or FAILED with a trace. */
    private static String settledTaskState(String connector) {
        AtomicReference<String> state = new AtomicReference<>("");
        await("task restarted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
            .during(Duration.ofSeconds(1))
            .until(() -> {
                JsonNode task = RIG.cluster().rest().connectorStatus(connector).path("tasks").path(0);
                state.set(task.path("state").asText());
                return state.get().equals("RUNNING") || state.get().equals("FAILED");
            });
        return state.get();
    }
}
