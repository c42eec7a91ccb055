package dev.eventstream.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end throughput of {@code HttpsSinkConnector} against its ceiling, in one run, on one JVM
 * holding a KRaft broker and a Connect worker (as in PERFORMANCE-NOTES.md):
 * <ol>
 *   <li>preload a 3-partition topic with warm-up + measured voice-call JSON events of 1,024 bytes;</li>
 *   <li>ceiling: one plain KafkaConsumer reading the measured events and parsing each value with Jackson;</li>
 *   <li>the sink with 1 and with 3 tasks (gzip, signed, batch 500) into a loopback TLS receiver; a run is
 *       timed from the connector's creation until its committed offsets reach the end of the topic
 *       (the sink commits only delivered offsets), after the warm-up events were delivered.</li>
 * </ol>
 * Candidates run interleaved, {@code rounds} times; the medians and their ratios to the ceiling are
 * printed. Arguments: {@code [events] [warmup] [rounds]}, default 1,000,000, 100,000 and 3; system properties
 * {@code -Dsink.<key>=<value>} override the connector's settings (e.g. {@code -Dsink.http.compression=none}).
 */
public final class HttpsSinkThroughput {

    private static final Logger log = LoggerFactory.getLogger(HttpsSinkThroughput.class);
    private static final int EVENT_BYTES = 1024;
    private static final int PARTITIONS = 3;
    /** The task counts measured in each round; -Dbench.tasks=3 measures only 3 tasks. */
    private static final int[] TASK_COUNTS = java.util.Arrays.stream(System.getProperty("bench.tasks", "1,3").split(","))
        .mapToInt(Integer::parseInt).toArray();

    private HttpsSinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;

        // Commits every 100 ms so that "offsets reached the end" is seen within 0.1 s of delivery.
        try (ConnectClusterHarness harness = ConnectClusterHarness.embedded(1, Map.of("offset.flush.interval.ms", "100"));
             HttpsReceiver receiver = HttpsReceiver.builder().discardRequests().threads(4).start();
             Admin admin = harness.kafka().admin()) {
            String topic = "bench-events";
            harness.kafka().createTopic(topic, PARTITIONS);
            preload(harness.bootstrapServers(), topic, warmup + events);

            Map<String, List<Double>> rates = new HashMap<>();
            for (int round = 1; round <= rounds; round++) {
                record(rates, "ceiling: plain consumer + Jackson parse", ceiling(harness.bootstrapServers(), topic, warmup, events));
                for (int tasks : TASK_COUNTS) {
                    String name = "bench-https-" + tasks + "-" + round;
                    double rate = sinkRate(harness, admin, receiver, topic, name, tasks, warmup, events);
                    record(rates, "HttpsSinkConnector, " + tasks + " task(s)", rate);
                }
            }
            report(rates, events);
        }
    }

    private static void preload(String bootstrap, String topic, int count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.ACKS_CONFIG, "1"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, ("acme:call-" + (i % 997)).getBytes(), voiceEvent(i)));
            }
            producer.flush();
        }
        log.info("Preloaded {} events of {} bytes", count, EVENT_BYTES);
    }

    private static final String[] TYPES = {"EventRinging", "EventEstablished", "EventHeld", "EventRetrieved", "EventReleased"};
    private static final String[] WORDS = {"customer", "asked", "about", "invoice", "refund", "transfer", "queue", "billing",
        "callback", "premium", "account", "verified", "escalated", "resolved", "language", "spanish"};

    /**
     * A voice-call event as the platform publishes it: about 30 fields of strings, numbers, booleans, a nested
     * object and an array, padded to exactly {@value #EVENT_BYTES} bytes with words in a notes field.
     */
    static byte[] voiceEvent(int seq) {
        StringBuilder json = new StringBuilder(EVENT_BYTES);
        json.append("{\"id\":\"").append(TYPES[seq % TYPES.length]).append("\",\"seq\":").append(seq)
            .append(",\"tenant\":\"acme\",\"CallUUID\":\"0f6c2a1e-6b1d-4c7a-9e3f-").append(String.format("%012d", seq))
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
        return json.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Records/s of a plain consumer reading {@code events} values after skipping {@code skip}, parsing each. */
    private static double ceiling(String bootstrap, String topic, int skip, int events) {
        ObjectMapper mapper = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, skip / PARTITIONS);
            }
            long read = 0;
            long fields = 0;
            long start = System.nanoTime();
            while (read < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    fields += mapper.readTree(record.value()).size();
                    read++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("Ceiling read {} events ({} fields) in {} s", read, fields, String.format("%.2f", seconds));
            return read / seconds;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double sinkRate(ConnectClusterHarness harness, Admin admin, HttpsReceiver receiver, String topic,
                                   String name, int tasks, int warmup, int events) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector");
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("consumer.override.max.poll.records", "2000");
        config.put("http.url", receiver.url("/bench"));
        config.put("http.compression", "gzip");
        config.put("batch.max.records", "500");
        config.put("signing.secret", "whsec_" + Base64.getEncoder().encodeToString("benchmark-signing-secret-32bytes".getBytes()));
        config.put("ssl.truststore.location", receiver.certificates().truststore(TestCertificates.StoreType.PKCS12).toString());
        config.put("ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("ssl.truststore.type", "PKCS12");
        // -Dsink.<key>=<value> overrides or adds a connector setting, to compare settings in the same harness.
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("sink."))
            .forEach(key -> config.put(key.substring("sink.".length()), System.getProperty(key)));
        harness.rest().putConnectorConfig(name, config);

        String group = "connect-" + name;
        long total = warmup + (long) events;
        awaitCommitted(harness, name, admin, group, warmup, Duration.ofMinutes(5));
        long start = System.nanoTime();
        long startCommitted = committed(admin, group);
        awaitCommitted(harness, name, admin, group, total, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        logSinkMetrics(name);
        harness.rest().deleteConnector(name);
        double rate = (total - startCommitted) / seconds;
        log.info("{}: {} events in {} s", name, total - startCommitted, String.format("%.2f", seconds));
        return rate;
    }

    private static void awaitCommitted(ConnectClusterHarness harness, String connector, Admin admin, String group,
                                       long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(admin, group) < target) {
            String status = status(harness, connector);
            if (status.contains("FAILED")) {
                throw new IllegalStateException(connector + " failed: " + status);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " did not reach " + target + " committed offsets in " + timeout
                    + " (" + committed(admin, group) + " committed); status " + status);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
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

    private static String status(ConnectClusterHarness harness, String connector) {
        try {
            return harness.rest().connectorStatus(connector).toString();
        } catch (IllegalStateException notYetKnown) {
            return "not yet known: " + notYetKnown.getMessage();
        }
    }

    /** The sink's own plugin metrics (KIP-877) as the worker exposes them over JMX, for the run's log. */
    private static void logSinkMetrics(String connector) throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (javax.management.ObjectName mbean : server.queryNames(null, null)) {
            if (!mbean.toString().contains(connector)) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (javax.management.MBeanAttributeInfo attribute : server.getMBeanInfo(mbean).getAttributes()) {
                if (attribute.getName().matches("request-latency-.*|requests-total|buffered-bytes|bytes-sent-total|bytes-rendered-total|retries-total")) {
                    line.append(attribute.getName()).append('=').append(server.getAttribute(mbean, attribute.getName())).append(' ');
                }
            }
            if (line.length() > 0) {
                log.info("{}: {}", mbean, line);
            }
        }
    }

    private static void record(Map<String, List<Double>> rates, String candidate, double rate) {
        rates.computeIfAbsent(candidate, c -> new ArrayList<>()).add(rate);
    }

    private static void report(Map<String, List<Double>> rates, int events) {
        double ceiling = median(rates.get("ceiling: plain consumer + Jackson parse"));
        StringBuilder table = new StringBuilder("\n| candidate | median records/s | MB/s (JSON) | ratio to ceiling | runs |\n| --- | --- | --- | --- | --- |\n");
        rates.forEach((candidate, values) -> {
            double median = median(values);
            table.append(String.format("| %s | %,.0f | %.1f | %.2f | %s |%n", candidate, median,
                median * EVENT_BYTES / 1e6, median / ceiling, values.stream().map(v -> String.format("%,.0f", v)).toList()));
        });
        table.append(String.format("%n%,d events of %d bytes, %d partitions, %d cores%n", events, EVENT_BYTES, PARTITIONS,
            Runtime.getRuntime().availableProcessors()));
        log.info("{}", table);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
