package dev.eventstream.bench.http;

import dev.eventstream.connect.testing.ReceivedRequest;
import dev.eventstream.connect.testing.ScriptedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end latency of {@code HttpsSinkConnector}, produce → endpoint, at fixed rates: one JVM holds a KRaft
 * broker, a Connect worker with Connect's default settings (offsets committed every 60 s) and a loopback TLS
 * receiver. {@code endpoints} endpoint connectors (default 50, 1 task each) each read their tenant's topic
 * (3 partitions, as the demux writes them) through the real chain ({@link SinkCandidates#realChain}: TenantRouter,
 * primary region, JSON conversion, subscription filters, FieldFilter; gzip + signed) and deliver to their own URL,
 * with the sink's and the consumer's default settings otherwise. A producer (its defaults, linger.ms=5) sends voice-call events
 * at a fixed rate, spread round-robin over the endpoints and partitions, each carrying the {@code System.nanoTime()}
 * of its send; the receiver takes the difference on arrival. Per rate, a warm-up span that is not counted, then a
 * measured span: events sent in it, wherever they arrive, give p50/p95/p99/max, events per request, and the process's
 * CPU over the span (broker, worker, receiver and producer together).
 *
 * <p>Arguments: {@code [rates] [seconds] [warmup seconds]}, default {@code 1000,5000 30 10}. System properties:
 * {@code -Dbench.endpoints=50}, {@code -Dsink.<key>=<value>} (a setting of every endpoint connector, e.g.
 * {@code -Dsink.batch.linger.ms=0} or {@code -Dsink.consumer.override.fetch.max.wait.ms=10}).
 *
 * <p>Fairness between endpoints, {@code -Dbench.slow.ms=2000}: one more endpoint connector whose URL answers every
 * request after that delay. Per rate the healthy endpoints are measured three times in the same run: with the slow
 * endpoint idle, with it receiving its share too (the rate per endpoint stays the same, so the slow one gets
 * {@code rate / endpoints} more events a second), and idle again. Only the healthy endpoints' events are counted.
 */
public final class HttpsSinkLatency {

    private static final Logger log = LoggerFactory.getLogger(HttpsSinkLatency.class);
    private static final int ENDPOINTS = Integer.getInteger("bench.endpoints", 50);
    /** When positive, a slow endpoint answers after this many milliseconds (fairness between endpoints). */
    private static final long SLOW_MS = Long.getLong("bench.slow.ms", 0L);
    private static final String SLOW_PATH = "/endpoint-slow";
    private static final byte[] SENT_FIELD = "\"sentNanos\":".getBytes(StandardCharsets.US_ASCII);

    private HttpsSinkLatency() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = Arrays.stream((args.length > 0 ? args[0] : "1000,5000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;

        // Connect's default commit interval: the benchmark observes arrivals, not commits
        try (BenchRig rig = BenchRig.start(null, Map.of("offset.flush.interval.ms", "60000"))) {
            Arrivals arrivals = new Arrivals();
            rig.receiver().onRequest(arrivals);
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                topics.add(startEndpoint(rig, BenchRig.tenant(i), "/endpoint-" + i));
            }
            String slowTopic = null;
            if (SLOW_MS > 0) {
                rig.receiver().respondWith(request -> SLOW_PATH.equals(request.uri().getPath())
                    ? ScriptedResponse.ok().delayedBy(Duration.ofMillis(SLOW_MS)) : ScriptedResponse.ok());
                slowTopic = startEndpoint(rig, BenchRig.tenant(ENDPOINTS), SLOW_PATH);
            }
            log.info("{} endpoint connectors running{}", ENDPOINTS, SLOW_MS > 0 ? " and a slow one" : "");
            List<String> rows = new ArrayList<>();
            // the producer's defaults (linger.ms=5 since Kafka 4.0): the latency includes what a service's producer adds
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, rig.harness().bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int rate : rates) {
                    rows.add(measure(producer, topics, rate, seconds, warmupSeconds, arrivals, SLOW_MS > 0 ? "idle" : ""));
                    if (slowTopic != null) {
                        List<String> withSlow = new ArrayList<>(topics);
                        withSlow.add(slowTopic);
                        rows.add(measure(producer, withSlow, rate + rate / ENDPOINTS, seconds, warmupSeconds, arrivals,
                            SLOW_MS + " ms per request"));
                        // once more without it: the order of the spans (JIT, commits) shows in the first one
                        rows.add(measure(producer, topics, rate, seconds, warmupSeconds, arrivals, "idle again"));
                    }
                }
            }
            StringBuilder table = new StringBuilder("\n| events/s | slow endpoint | events measured | arrived | p50 ms | p95 ms "
                + "| p99 ms | max ms | events/request | CPU (cores) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            rows.forEach(table::append);
            table.append(String.format("%n%d endpoint connectors (1 task, %d partitions each)%s, %ds measured after %ds of warm-up "
                + "per rate, %d cores (%s), sink settings %s%n", ENDPOINTS, BenchRig.PARTITIONS,
                SLOW_MS > 0 ? " and one answering after " + SLOW_MS + " ms (events/s: the healthy endpoints')" : "",
                seconds, warmupSeconds, Runtime.getRuntime().availableProcessors(), BenchRig.cpuModel(), overrides()));
            log.info("{}", table);
        }
    }

    /** Starts the endpoint connector of {@code tenant}, posting to {@code path}; returns the topic it reads. */
    private static String startEndpoint(BenchRig rig, String tenant, String path) throws Exception {
        String topic = "latency." + tenant;
        String connector = "es-" + tenant + "-latency";
        rig.harness().kafka().createTopic(topic, BenchRig.PARTITIONS);
        rig.harness().rest().putConnectorConfig(connector, endpointConfig(rig, topic, tenant, path));
        rig.harness().rest().awaitRunning(connector, 1, Duration.ofMinutes(5));
        return topic;
    }

    /** A warm-up span, then a measured one at {@code rate} events/s over {@code topics}: one table row. */
    private static String measure(KafkaProducer<byte[], byte[]> producer, List<String> topics, int rate, int seconds,
                                  int warmupSeconds, Arrivals arrivals, String slow) {
        produce(producer, topics, rate, warmupSeconds, arrivals, false);
        long cpuStart = BenchRig.processCpuNanos();
        long start = System.nanoTime();
        long sent = produce(producer, topics, rate, seconds, arrivals, true);
        double cores = (BenchRig.processCpuNanos() - cpuStart) / (double) (System.nanoTime() - start);
        int healthyRate = (int) ((long) rate * Math.min(topics.size(), ENDPOINTS) / topics.size());
        long healthySent = sent * Math.min(topics.size(), ENDPOINTS) / topics.size();
        return arrivals.report(healthyRate, slow, healthySent, cores);
    }

    private static Map<String, String> endpointConfig(BenchRig rig, String topic, String tenant, String path) {
        Map<String, String> config = new SinkCandidates(rig, topic).realChain(1, true);
        config.put("transforms.tenant.tenant.allowed", tenant);
        config.put("http.url", rig.receiver().url(path));
        // the consumer's and the sink's defaults, but for -Dsink.<key> overrides
        config.remove("consumer.override.max.poll.records");
        config.remove("batch.max.records");
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("sink."))
            .forEach(key -> config.put(key.substring("sink.".length()), System.getProperty(key)));
        return config;
    }

    private static Map<String, String> overrides() {
        Map<String, String> overrides = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("sink."))
            .forEach(key -> overrides.put(key.substring("sink.".length()), System.getProperty(key)));
        return overrides.isEmpty() ? Map.of("(defaults)", "") : overrides;
    }

    /** Sends {@code rate} events a second for {@code seconds}; with {@code measured}, the arrivals of these count. */
    private static long produce(KafkaProducer<byte[], byte[]> producer, List<String> topics, int rate, int seconds,
                                Arrivals arrivals, boolean measured) {
        long events = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        if (measured) {
            arrivals.measureFrom(start);
        }
        for (long i = 0; i < events; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int endpoint = (int) (i % topics.size());
            int partition = (int) ((i / topics.size()) % BenchRig.PARTITIONS);
            String tenant = topics.get(endpoint).substring("latency.".length());
            producer.send(new ProducerRecord<>(topics.get(endpoint), partition,
                (tenant + ":call-" + (i % 997)).getBytes(StandardCharsets.UTF_8), event((int) i, tenant, System.nanoTime())));
        }
        producer.flush();
        if (measured) {
            arrivals.measureUntil(System.nanoTime(), events * Math.min(topics.size(), ENDPOINTS) / topics.size());
        }
        return events;
    }

    /** A voice-call event whose first field is the nanoTime it was sent at. */
    private static byte[] event(int seq, String tenant, long sentNanos) {
        byte[] body = BenchRig.voiceEvent(seq, tenant);
        byte[] head = ("{\"sentNanos\":" + sentNanos + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length - 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 1, out, head.length, body.length - 1);
        return out;
    }

    /** What the receiver saw: the latency of every event sent in the measured span. */
    private static final class Arrivals implements Consumer<ReceivedRequest> {
        private volatile long fromNanos = Long.MAX_VALUE;
        private volatile long untilNanos = Long.MAX_VALUE;
        private volatile long[] latencies = new long[0];
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong requests = new AtomicLong();

        synchronized void measureFrom(long nanos) {
            latencies = new long[1 << 22];
            count.set(0);
            requests.set(0);
            untilNanos = Long.MAX_VALUE;
            fromNanos = nanos;
        }

        void measureUntil(long nanos, long events) {
            untilNanos = nanos;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count.get() < events && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }

        @Override
        public void accept(ReceivedRequest request) {
            long now = System.nanoTime();
            if (SLOW_PATH.equals(request.uri().getPath())) {
                return;
            }
            byte[] body = request.body();
            boolean counted = false;
            for (int at = indexOf(body, 0); at >= 0; at = indexOf(body, at)) {
                long sent = 0;
                int i = at + SENT_FIELD.length;
                while (i < body.length && body[i] >= '0' && body[i] <= '9') {
                    sent = sent * 10 + (body[i++] - '0');
                }
                at = i;
                if (sent >= fromNanos && sent <= untilNanos) {
                    int slot = count.getAndIncrement();
                    long[] values = latencies;
                    if (slot < values.length) {
                        values[slot] = now - sent;
                    }
                    counted = true;
                }
            }
            if (counted) {
                requests.incrementAndGet();
            }
        }

        private static int indexOf(byte[] body, int from) {
            outer:
            for (int i = from; i <= body.length - SENT_FIELD.length; i++) {
                for (int j = 0; j < SENT_FIELD.length; j++) {
                    if (body[i + j] != SENT_FIELD[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        synchronized String report(int rate, String slow, long sent, double cores) {
            int n = Math.min(count.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            String row = String.format("| %,d | %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |%n", rate, slow, sent, n,
                millis(sorted, 0.50), millis(sorted, 0.95), millis(sorted, 0.99), n == 0 ? 0.0 : sorted[n - 1] / 1e6,
                requests.get() == 0 ? 0.0 : n / (double) requests.get(), cores);
            log.info("{} events/s: {}", rate, row.trim());
            fromNanos = Long.MAX_VALUE;
            return row;
        }

        private static double millis(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0.0;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }
}
