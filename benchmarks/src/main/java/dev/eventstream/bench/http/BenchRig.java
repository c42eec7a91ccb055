package dev.eventstream.bench.http;

import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTPS sink benchmarks share: one broker and one Connect worker in this JVM (with a peer plugin
 * directory on {@code plugin.path} when there is one), a loopback TLS receiver that reads, gunzips and discards
 * each request, the voice-call events, and a sink run timed by its committed offsets.
 */
final class BenchRig implements AutoCloseable {

    static final int EVENT_BYTES = 1024;
    static final int PARTITIONS = 3;
    /** The tenant of every event in single-tenant topics, and the one the endpoint connectors serve. */
    static final String TENANT = "acme";

    private static final Logger log = LoggerFactory.getLogger(BenchRig.class);
    private static final String[] TYPES = {"EventRinging", "EventEstablished", "EventHeld", "EventRetrieved", "EventReleased"};
    private static final String[] WORDS = {"customer", "asked", "about", "invoice", "refund", "transfer", "queue", "billing",
        "callback", "premium", "account", "verified", "escalated", "resolved", "language", "spanish"};

    private final ConnectClusterHarness harness;
    private final HttpsReceiver receiver;
    private final Path workDirectory;

    private BenchRig(ConnectClusterHarness harness, HttpsReceiver receiver, Path workDirectory) {
        this.harness = harness;
        this.receiver = receiver;
        this.workDirectory = workDirectory;
    }

    /** Starts the cluster and the receiver; {@code peerPlugin} (may be null) is put on the worker's plugin.path. */
    static BenchRig start(Path peerPlugin) throws IOException {
        // Commits every 100 ms so that "offsets reached the end" is seen within 0.1 s of delivery.
        return start(peerPlugin, Map.of("offset.flush.interval.ms", "100"));
    }

    /** As {@link #start(Path)}, with {@code workerProperties} instead of the timing benchmarks' fast commits. */
    static BenchRig start(Path peerPlugin, Map<String, String> workerProperties) throws IOException {
        Path work = Files.createTempDirectory("eventstream-bench");
        Map<String, String> worker = new HashMap<>(workerProperties);
        if (peerPlugin != null) {
            // plugin.path lists directories of plugin directories: a link keeps other folders beside the peer out
            Path plugins = Files.createDirectories(work.resolve("plugins"));
            Files.createSymbolicLink(plugins.resolve(peerPlugin.getFileName()), peerPlugin.toAbsolutePath());
            worker.put("plugin.path", plugins.toString());
        }
        Files.writeString(work.resolve("tenant-regions.json"), regionsJson(), StandardCharsets.UTF_8);
        ConnectClusterHarness harness = ConnectClusterHarness.embedded(1, worker);
        HttpsReceiver receiver = HttpsReceiver.builder().discardRequests().threads(4).start();
        return new BenchRig(harness, receiver, work);
    }

    ConnectClusterHarness harness() {
        return harness;
    }

    HttpsReceiver receiver() {
        return receiver;
    }

    /** Every tenant {@link #tenant} names lives in region eu-west. */
    Path regionsFile() {
        return workDirectory.resolve("tenant-regions.json");
    }

    static String regionsJson() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(tenant(i)).append("\":\"eu-west\"");
        }
        return json.append('}').toString();
    }

    /** Tenant number {@code i}: 0 is {@value #TENANT}. */
    static String tenant(int i) {
        return i == 0 ? TENANT : String.format("tenant%02d", i);
    }

    /** Writes {@code count} events round-robin over the partitions and over {@code tenants} tenants (keys tenant:call). */
    static void preload(String bootstrap, String topic, int count, int tenants) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "1"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String tenant = tenant(i % tenants);
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, (tenant + ":call-" + (i % 997)).getBytes(StandardCharsets.UTF_8),
                    voiceEvent(i, tenant)));
            }
            producer.flush();
        }
        log.info("Preloaded {} events of {} bytes over {} tenant(s)", count, EVENT_BYTES, tenants);
    }

    /**
     * A voice-call event as the platform publishes it: about 30 fields of strings, numbers, booleans, a nested
     * object and an array, padded to exactly {@value #EVENT_BYTES} bytes with words in a notes field.
     */
    static byte[] voiceEvent(int seq, String tenant) {
        StringBuilder json = new StringBuilder(EVENT_BYTES);
        json.append("{\"id\":\"").append(TYPES[seq % TYPES.length]).append("\",\"seq\":").append(seq)
            .append(",\"tenant\":\"").append(tenant).append("\",\"CallUUID\":\"0f6c2a1e-6b1d-4c7a-9e3f-").append(String.format("%012d", seq))
            .append("\",\"ConnID\":\"00a1").append(Integer.toHexString(seq)).append("\",\"ThisDN\":\"7001\",\"OtherDN\":\"+15550100")
            .append(seq % 10).append("\",\"ANI\":\"+1555010").append(seq % 1000).append("\",\"DNIS\":\"+18005550199\"")
            .append(",\"CallType\":\"Inbound\",\"CallState\":").append(seq % 4).append(",\"AgentID\":\"agent-").append(seq % 97)
            .append("\",\"Place\":\"place-").append(seq % 53).append("\",\"Queue\":\"support-en\",\"Timestamp\":")
            .append(1_763_800_000_000L + seq).append(",\"DurationMs\":").append(seq % 600_000).append(",\"Cost\":")
            .append(seq % 100).append('.').append(seq % 97).append(",\"Recorded\":").append(seq % 2 == 0)
            .append(",\"Parties\":[{\"number\":\"+15550100").append(seq % 10).append("\",\"role\":\"Caller\"},{\"number\":\"7001\",\"role\":\"Agent\"}]")
            .append(",\"UserData\":{\"CustomerSegment\":\"gold\",\"CaseId\":\"C-").append(seq)
            .append("\",\"Language\":\"en\",\"IVRPath\":\"main>billing>agent\",\"Score\":").append(seq % 10)
            .append(",\"Authenticated\":true,\"CreditCard\":\"4111111111111111\",\"CustomerEmail\":\"c").append(seq)
            .append("@mail.example\"},\"Notes\":\"");
        int word = seq;
        while (json.length() < EVENT_BYTES - 2 - 16) {
            json.append(WORDS[word++ % WORDS.length]).append(' ');
        }
        while (json.length() < EVENT_BYTES - 2) {
            json.append('.');
        }
        json.append("\"}");
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Creates connector {@code name}, waits until its group committed {@code startAt} offsets, then times it until
     * it committed {@code endAt}, and deletes it. The run counts the offsets committed in the timed span.
     */
    SinkRun run(Admin admin, String name, Map<String, String> config, long startAt, long endAt) throws Exception {
        harness.rest().putConnectorConfig(name, config);
        String group = "connect-" + name;
        awaitCommitted(name, admin, group, startAt, Duration.ofMinutes(5));
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        ThreadCpu threadsStart = ThreadCpu.snapshot();
        long requestsStart = receiver.requestCount();
        long wireBytesStart = receiver.wireBodyBytes();
        long startCommitted = committed(admin, group);
        awaitCommitted(name, admin, group, endAt, Duration.ofMinutes(10));
        SinkRun run = new SinkRun(endAt - startCommitted, (System.nanoTime() - start) / 1e9, processCpuNanos() - cpuStart);
        String threadCpu = ThreadCpu.snapshot().perEventSince(threadsStart, run.events());
        long requests = receiver.requestCount() - requestsStart;
        long wireBytes = receiver.wireBodyBytes() - wireBytesStart;
        harness.rest().deleteConnector(name);
        log.info("{}: {} events in {} s, {} records/s, {} µs CPU per event", name, run.events(),
            String.format("%.2f", run.seconds()), String.format("%,.0f", run.rate()), String.format("%.1f", run.cpuMicrosPerEvent()));
        log.info("{}: CPU µs per event by thread: {}", name, threadCpu);
        log.info("{}: {} requests, {} events per request, {} body bytes per event on the wire", name, requests,
            String.format("%.0f", requests == 0 ? 0.0 : (double) run.events() / requests),
            String.format("%.0f", (double) wireBytes / run.events()));
        return run;
    }

    private void awaitCommitted(String connector, Admin admin, String group, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(admin, group) < target) {
            String status = status(connector);
            if (status.contains("FAILED")) {
                throw new IllegalStateException(connector + " failed: " + status);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " did not reach " + target + " committed offsets in " + timeout
                    + " (" + committed(admin, group) + " committed); status " + status);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static long committed(Admin admin, String group) throws ExecutionException, InterruptedException {
        ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(group);
        long sum = 0;
        for (OffsetAndMetadata offset : result.partitionsToOffsetAndMetadata().get().values()) {
            if (offset != null) {
                sum += offset.offset();
            }
        }
        return sum;
    }

    private String status(String connector) {
        try {
            return harness.rest().connectorStatus(connector).toString();
        } catch (IllegalStateException notYetKnown) {
            return "not yet known: " + notYetKnown.getMessage();
        }
    }

    /** CPU time of this whole process (broker, worker, receiver and the benchmark itself). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    @Override
    public void close() {
        receiver.close();
        harness.close();
    }
}
