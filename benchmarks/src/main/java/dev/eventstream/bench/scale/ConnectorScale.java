package dev.eventstream.bench.scale;

import dev.eventstream.bench.report.BenchResult;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.ConnectRestClient;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.KafkaTestClient;
import dev.eventstream.connect.testing.TestRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many endpoint connectors on a 3-worker Connect cluster: a KRaft broker, three distributed workers and the loopback TLS
 * receiver in this JVM; N endpoint connectors of the real chain ({@link EndpointChain}, 1 task each, each its own URL
 * path), created one by one through the Connect REST API as the control plane does. Measures the time until all N
 * connectors and tasks run, the JVM's threads, heap and RSS before and after, the latency of
 * {@code GET /connectors?expand=status}, then delivers a few events to a sample of the connectors (counted per path at
 * the receiver), and times the rebalances of one more connector, of a worker leaving and of a worker joining (until
 * every task runs again).
 *
 * <p>Arguments: connectors (default 500, or {@code quick} for 60), sampled connectors (20), events per sampled connector
 * (5). {@code -Dbench.rebalance.delay.ms} (default 10000, as connector-configs' worker) is the workers'
 * {@code scheduled.rebalance.max.delay.ms}; {@code -Dbench.timeout.s} (900) bounds each wait.
 */
public final class ConnectorScale {

    private static final Logger log = LoggerFactory.getLogger(ConnectorScale.class);
    private static final int WORKERS = 3;
    private static final Duration POLL = Duration.ofMillis(500);

    private final int connectors;
    private final Duration timeout = Duration.ofSeconds(Long.getLong("bench.timeout.s", 900));
    private final ConnectClusterHarness harness;
    private final HttpsReceiver receiver;
    private final Path regionsFile;
    private final Map<String, AtomicInteger> eventsByPath = new ConcurrentHashMap<>();
    private final List<String> results = new ArrayList<>();
    private final BenchResult measures = new BenchResult("ConnectorScale");
    private URI restWorker;

    private ConnectorScale(int connectors, ConnectClusterHarness harness, HttpsReceiver receiver, Path regionsFile) {
        this.connectors = connectors;
        this.harness = harness;
        this.receiver = receiver;
        this.regionsFile = regionsFile;
        // listeners see a request before it is answered; this receiver answers every request 200
        receiver.onRequest(request ->
            eventsByPath.computeIfAbsent(request.path(), path -> new AtomicInteger()).addAndGet(request.bodyAsJson().size()));
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        int connectors = quick ? 60 : args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int sampled = Math.min(connectors, args.length > 1 ? Integer.parseInt(args[1]) : quick ? 10 : 20);
        int eventsEach = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String rebalanceDelay = System.getProperty("bench.rebalance.delay.ms", "10000");

        Path work = Files.createTempDirectory("eventstream-scale");
        Path regions = work.resolve("tenant-regions.json");
        Files.writeString(regions, regionsJson(connectors + 1), StandardCharsets.UTF_8);
        Map<String, String> worker = new HashMap<>();
        worker.put("scheduled.rebalance.max.delay.ms", rebalanceDelay);
        worker.put("offset.flush.interval.ms", "10000");
        long clusterStart = System.nanoTime();
        try (ConnectClusterHarness harness = ConnectClusterHarness.embedded(WORKERS, worker);
             HttpsReceiver receiver = HttpsReceiver.builder().threads(8).start()) {
            ConnectorScale bench = new ConnectorScale(connectors, harness, receiver, regions);
            bench.result("machine: %d cores (%s), %s MB RAM, Java %s, -Xmx %d MB; %d workers, 1 broker, receiver in one JVM; "
                    + "scheduled.rebalance.max.delay.ms=%s", Runtime.getRuntime().availableProcessors(), Footprint.cpuModel(),
                Footprint.machineMemoryMb(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, WORKERS,
                rebalanceDelay);
            bench.result("cluster up in %.1f s", seconds(clusterStart));
            bench.run(sampled, eventsEach);
            bench.results.forEach(line -> log.info("RESULT {}", line));
            bench.measures.setting("connectors", connectors).setting("workers", WORKERS).setting("sampledConnectors", sampled)
                .setting("eventsPerSampledConnector", eventsEach).setting("rebalanceDelayMs", rebalanceDelay).write();
        }
    }

    private void run(int sampled, int eventsEach) throws Exception {
        KafkaTestClient kafka = harness.kafka();
        kafka.createTopic(EndpointChain.TOPIC, 3);
        kafka.createTopic(EndpointChain.USAGE_TOPIC, 1, Map.of("cleanup.policy", "compact"));
        EmbeddedConnectCluster cluster = harness.connect();
        WorkerHandle restHandle = cluster.workers().iterator().next();
        restWorker = restHandle.url();
        ConnectRestClient rest = new ConnectRestClient(restWorker);
        Footprint idle = Footprint.measure();
        result("no connectors: %s", idle);

        createAll(rest);
        Footprint loaded = Footprint.measure();
        result("%d connectors: %s", connectors, loaded);
        result("per connector: %s", loaded.minus(idle).per(connectors));
        Footprint connectorsCost = loaded.minus(idle);
        measure("threads, no connectors", idle.threads(), "threads");
        measure("threads, all connectors", loaded.threads(), "threads");
        measure("threads per connector", (double) connectorsCost.threads() / connectors, "threads");
        measure("heap after GC per connector", (double) connectorsCost.heapMb() / connectors, "MB");
        measure("RSS per connector", (double) connectorsCost.rssMb() / connectors, "MB");
        result("threads by kind at %d connectors: %s", connectors, Footprint.threadsByKind());
        restLatency(20);
        deliver(sampled, eventsEach);

        long addStart = System.nanoTime();
        String extra = tenant(connectors);
        rest.putConnectorConfig(EndpointChain.connectorName(extra), config(extra));
        ClusterStatus added = await("one more connector at " + connectors, status -> status.allRunning(connectors + 1));
        result("rebalance, one more connector at %d: all %d RUNNING after %.1f s (%s)", connectors, connectors + 1, seconds(addStart), added);
        measure("one more connector: all RUNNING after", seconds(addStart), "s");

        WorkerHandle leaving = cluster.workers().stream().filter(handle -> !handle.equals(restHandle)).findFirst().orElseThrow();
        int leavingPort = leaving.url().getPort();
        long leaveStart = System.nanoTime();
        cluster.removeWorker(leaving);
        double stopSeconds = seconds(leaveStart);
        ClusterStatus left = await("tasks moved off the departed worker",
            status -> status.allRunning(connectors + 1) && status.runningOn(leavingPort) == 0);
        result("rebalance, worker leaves: its stop took %.1f s; all %d tasks RUNNING on 2 workers after %.1f s (%s)", stopSeconds,
            connectors + 1, seconds(leaveStart), left);
        measure("a worker leaves: all tasks RUNNING on the others after", seconds(leaveStart), "s");

        long joinStart = System.nanoTime();
        WorkerHandle joined = cluster.addWorker();
        int joinedPort = joined.url().getPort();
        double startSeconds = seconds(joinStart);
        int share = (connectors + 1) / WORKERS - 1;
        ClusterStatus rejoined = await("the new worker to run its share",
            status -> status.allRunning(connectors + 1) && status.runningOn(joinedPort) >= share);
        result("rebalance, worker joins: it started in %.1f s; it runs >= %d tasks and all %d RUNNING after %.1f s (%s)", startSeconds,
            share, connectors + 1, seconds(joinStart), rejoined);
        measure("a worker joins: it runs its share after", seconds(joinStart), "s");
        result("after the rebalances: %s", Footprint.measure());
    }

    /** Creates the connectors one by one, as the control plane applies a rendered deployment, and waits for all to run. */
    private void createAll(ConnectRestClient rest) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < connectors; i++) {
            String tenant = tenant(i);
            rest.putConnectorConfig(EndpointChain.connectorName(tenant), config(tenant));
            if ((i + 1) % 50 == 0) {
                log.info("created {} connectors in {} s", i + 1, String.format("%.1f", seconds(start)));
            }
        }
        double created = seconds(start);
        ClusterStatus running = await("all " + connectors + " connectors running", status -> status.allRunning(connectors));
        result("start: %d PUTs took %.1f s (%.0f ms each); all %d connectors and tasks RUNNING %.1f s after the first PUT (%s)",
            connectors, created, created * 1000 / connectors, connectors, seconds(start), running);
        measure("create: per PUT", created * 1000 / connectors, "ms");
        measure("all connectors and tasks RUNNING after the first PUT", seconds(start), "s");
    }

    private void restLatency(int calls) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            millis.add(ClusterStatus.fetch(restWorker).latencyNanos() / 1e6);
        }
        millis.sort(Double::compare);
        result("GET /connectors?expand=status at %d connectors, %d calls: p50 %.0f ms, p90 %.0f ms, max %.0f ms", connectors, calls,
            millis.get(calls / 2), millis.get(calls * 9 / 10), millis.get(calls - 1));
        measure("GET /connectors?expand=status p50", millis.get(calls / 2), "ms");
        measure("GET /connectors?expand=status p90", millis.get(calls * 9 / 10), "ms");
    }

    /** Produces {@code eventsEach} subscribed events for each of {@code sampled} tenants spread over the connectors, and counts them at the receiver. */
    private void deliver(int sampled, int eventsEach) throws Exception {
        List<String> paths = new ArrayList<>();
        List<TestRecord> records = new ArrayList<>();
        for (int s = 0; s < sampled; s++) {
            String tenant = tenant(s * connectors / sampled);
            paths.add(EndpointChain.path(tenant));
            for (int e = 0; e < eventsEach; e++) {
                records.add(TestRecord.bytes(EndpointChain.TOPIC, EndpointChain.event(tenant, e)).withKey(tenant + ":call-" + e));
            }
        }
        long start = System.nanoTime();
        harness.kafka().produce(records);
        awaitCondition("events at the sampled endpoints",
            () -> paths.stream().allMatch(path -> count(path) >= eventsEach));
        double seconds = seconds(start);
        int total = eventsByPath.values().stream().mapToInt(AtomicInteger::get).sum();
        long exact = paths.stream().filter(path -> count(path) == eventsEach).count();
        result("delivery: %d events for %d sampled connectors, all at their own paths %.1f s after producing; %d of %d paths got exactly %d, "
            + "%d events received in all (each connector reads every event and keeps its own tenant's)", records.size(), sampled, seconds,
            exact, sampled, eventsEach, total);
        if (total != records.size()) {
            throw new IllegalStateException("Expected " + records.size() + " events at the receiver, got " + total + ": " + eventsByPath);
        }
    }

    private int count(String path) {
        AtomicInteger count = eventsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    private ClusterStatus await(String what, Predicate<ClusterStatus> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = System.nanoTime();
        while (true) {
            ClusterStatus status = ClusterStatus.fetch(restWorker);
            if (done.test(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + timeout + ": " + status);
            }
            if (System.nanoTime() - lastLog > Duration.ofSeconds(10).toNanos()) {
                log.info("waiting for {}: {} (status call {} ms)", what, status, status.latencyNanos() / 1_000_000);
                lastLog = System.nanoTime();
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private void awaitCondition(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within " + timeout + ": " + eventsByPath);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private Map<String, String> config(String tenant) {
        return EndpointChain.config(tenant, receiver, harness.bootstrapServers(), regionsFile.toString());
    }

    /** A figure for the machine-readable result (the RESULT lines above stay as they are). */
    private void measure(String measure, double value, String unit) {
        measures.row("measure", measure, "value", value, "unit", unit);
    }

    private void result(String format, Object... args) {
        String line = String.format(format, args);
        results.add(line);
        log.info("{}", line);
    }

    private static String tenant(int i) {
        return String.format("t%04d", i);
    }

    private static String regionsJson(int tenants) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < tenants; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(tenant(i)).append("\":\"eu-west\"");
        }
        return json.append('}').toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
