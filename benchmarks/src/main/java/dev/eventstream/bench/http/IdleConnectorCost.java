package dev.eventstream.bench.http;

import dev.eventstream.bench.report.BenchResult;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What idle endpoint connectors cost one worker: a broker, a Connect worker and the loopback TLS receiver in this
 * JVM; {@code connectors} HTTPS sink connectors of the real endpoint chain (1 task each, each its own tenant and
 * URL, usage publishing on, the worker's default commit interval), each delivering {@code warm} events first so
 * that its HTTP connection and its usage clients exist, then left idle. Reports live threads (by name, digits
 * folded), heap used after a GC, the process's RSS and its CPU over {@code idleSeconds} of idleness, for the rig
 * alone and with the connectors. Arguments: connectors (default 100, at most 100: the rig's region map has 100
 * tenants), idle seconds (60), warm events per connector (5). Each connector has its own HTTP client, as with an
 * endpoint host of its own, unless {@code -Dbench.oneHostPerConnector=false}.
 */
public final class IdleConnectorCost {

    private static final Logger log = LoggerFactory.getLogger(IdleConnectorCost.class);
    private static final String TOPIC = "voice-callthread";
    private static final String USAGE_TOPIC = "eventstream-usage";
    /** The loopback receiver's threads: part of the rig, not of the worker. */
    private static final String RECEIVER_THREADS = "https-receiver-";
    /** -Dbench.oneHostPerConnector=false lets connectors on the receiver's one host share a client and connection. */
    private static final boolean ONE_HOST_EACH = Boolean.parseBoolean(System.getProperty("bench.oneHostPerConnector", "true"));

    private IdleConnectorCost() {
    }

    public static void main(String[] args) throws Exception {
        int connectors = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (BenchRig rig = BenchRig.start(null, Map.of())) {
            ConnectClusterHarness harness = rig.harness();
            harness.kafka().createTopic(TOPIC, BenchRig.PARTITIONS);
            settle(Duration.ofSeconds(10));
            Snapshot before = Snapshot.take(idleSeconds);
            log.info("Rig alone: {}", before);

            SinkCandidates candidates = new SinkCandidates(rig, TOPIC);
            long started = System.nanoTime();
            for (int i = 0; i < connectors; i++) {
                String tenant = BenchRig.tenant(i);
                Map<String, String> config = candidates.realChain(1, true);
                config.put("transforms.tenant.tenant.allowed", tenant);
                config.put("http.url", rig.receiver().url("/" + tenant + "/crm"));
                config.put("usage.topic", USAGE_TOPIC);
                config.put("usage.bootstrap.servers", harness.bootstrapServers());
                if (ONE_HOST_EACH) {
                    // every URL here is on one host: a setting of its own gives each connector its own HTTP client
                    // and connection, as an endpoint on a host of its own has in production
                    config.put("http.timeout.connect.ms", Integer.toString(10_000 + i));
                }
                harness.rest().putConnectorConfig("es-" + tenant + "-crm", config);
            }
            for (int i = 0; i < connectors; i++) {
                harness.rest().awaitRunning("es-" + BenchRig.tenant(i) + "-crm", 1, Duration.ofMinutes(5));
            }
            log.info("{} connectors RUNNING after {} s", connectors, (System.nanoTime() - started) / 1_000_000_000L);
            BenchRig.preload(harness.bootstrapServers(), TOPIC, warm * connectors, connectors);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (rig.receiver().requestCount() < connectors && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            log.info("{} requests received from {} connectors", rig.receiver().requestCount(), connectors);
            settle(Duration.ofSeconds(20));
            Snapshot after = Snapshot.take(idleSeconds);
            log.info("With {} idle connectors: {}", connectors, after);

            System.out.printf("%nIdle cost of %d HTTPS sink connectors (real chain, 1 task, usage on, %s) on %d cores, %s, Java %s%n",
                connectors, ONE_HOST_EACH ? "an HTTP client each" : "one host, clients shared",
                Runtime.getRuntime().availableProcessors(), BenchRig.cpuModel(), System.getProperty("java.version"));
            System.out.printf("| | live threads without the receiver's (all) | heap used after GC (MB) | RSS (MB) | idle CPU (%% of one core) |%n");
            System.out.printf("| --- | --- | --- | --- | --- |%n");
            System.out.printf("| rig alone (broker + worker + receiver) | %s |%n", before.row());
            System.out.printf("| with %d connectors | %s |%n", connectors, after.row());
            System.out.printf("| added per connector | %.2f | %.2f | %.2f | %.3f |%n",
                (after.workerThreads() - before.workerThreads()) / (double) connectors, (after.heapMb - before.heapMb) / connectors,
                (after.rssMb - before.rssMb) / connectors, (after.cpuPercent - before.cpuPercent) / connectors);
            System.out.printf("%nThreads of the rig alone, by name (numbers, ids and connector names folded):%n%s%n",
                before.threadNames);
            System.out.printf("%nThreads with %d connectors:%n%s%n", connectors, after.threadNames);
            new BenchResult("IdleConnectorCost").setting("connectors", connectors).setting("idleSeconds", idleSeconds)
                .setting("warmEventsPerConnector", warm).setting("oneHostPerConnector", ONE_HOST_EACH)
                .row(before.columns("rig alone", 0)).row(after.columns("with connectors", connectors))
                .row("state", "added per connector", "connectors", connectors,
                    "workerThreads", (after.workerThreads() - before.workerThreads()) / (double) connectors,
                    "heapMb", (after.heapMb - before.heapMb) / connectors, "rssMb", (after.rssMb - before.rssMb) / connectors,
                    "cpuPercentOfCore", (after.cpuPercent - before.cpuPercent) / connectors)
                .write();
        }
    }

    /** Lets start-up work (rebalances, topic creation, first fetches) end before measuring. */
    private static void settle(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    /** Threads, heap and RSS now, and the process's CPU over the next {@code seconds}. */
    private record Snapshot(int threads, int receiverThreads, double heapMb, double rssMb, double cpuPercent,
                            String threadNames) {

        static Snapshot take(int seconds) throws IOException {
            long cpu = BenchRig.processCpuNanos();
            long wall = System.nanoTime();
            LockSupport.parkNanos(Duration.ofSeconds(seconds).toNanos());
            double cpuPercent = 100.0 * (BenchRig.processCpuNanos() - cpu) / (System.nanoTime() - wall);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            memory.gc();
            double heapMb = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            Map<String, Long> byName = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.groupingBy(t -> fold(t.getName()), TreeMap::new, Collectors.counting()));
            int receiver = (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(RECEIVER_THREADS)).count();
            String names = byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> "  " + e.getValue() + " × " + e.getKey()).collect(Collectors.joining("\n"));
            return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), receiver, heapMb, readRssMb(),
                cpuPercent, names);
        }

        /** Threads apart from the test receiver's, which grow with its client connections. */
        int workerThreads() {
            return threads - receiverThreads;
        }

        /** This snapshot as a result row's alternating column names and values. */
        Object[] columns(String state, int connectors) {
            return new Object[] {"state", state, "connectors", connectors, "workerThreads", workerThreads(), "threads", threads,
                "heapMb", heapMb, "rssMb", rssMb, "cpuPercentOfCore", cpuPercent};
        }

        String row() {
            return String.format("%d (%d) | %.0f | %.0f | %.1f", workerThreads(), threads, heapMb, rssMb, cpuPercent);
        }

        /** A thread name with connector names, client ids and numbers folded, so that per-task threads group. */
        private static String fold(String name) {
            return name.replaceAll("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "ID").replaceAll("es-[a-z0-9]+-", "es-T-")
                .replaceAll("\\d+", "N");
        }

        private static double readRssMb() throws IOException {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D+", ""))).findFirst().orElse(0L) / 1024.0;
        }

        @Override
        public String toString() {
            return String.format("%d threads (%d of the receiver), %.0f MB heap after GC, %.0f MB RSS, %.1f %% CPU", threads,
                receiverThreads, heapMb, rssMb, cpuPercent);
        }
    }
}
