package dev.eventstream.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.bench.report.BenchResult;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import dev.eventstream.connect.testing.HttpsReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end throughput of {@code HttpsSinkConnector} against Aiven's HTTP sink and a plain consumer, in one run,
 * on one JVM holding a KRaft broker and a Connect worker (as in PERFORMANCE-NOTES.md):
 * <ol>
 *   <li>preload a 3-partition topic with warm-up + measured voice-call JSON events of 1,024 bytes;</li>
 *   <li>ceiling: one plain KafkaConsumer reading the measured events and parsing each value with Jackson;</li>
 *   <li>with 1 and with 3 tasks, into the same loopback TLS receiver:
 *     <ul>
 *       <li>ours, the real endpoint chain (ByteArrayConverter, TenantRouter on the key, primary region,
 *           ConvertValue with the suite's JSON converter, FieldMatches subscription, FieldFilter drop/mask/hash),
 *           gzip + signed, batch 500 ({@link SinkCandidates#realChain});</li>
 *       <li>ours, no transforms, {@code value.encoding=json}, gzip + signed, batch 500;</li>
 *       <li>Aiven's HTTP sink (when its plugin directory is present), NDJSON batches of 500, no gzip, unsigned,
 *           no transforms, as its README configures it.</li>
 *     </ul></li>
 * </ol>
 * A sink run is timed from the moment its committed offsets pass the warm-up events until they reach the end of
 * the topic (both sinks commit only delivered offsets); the process CPU time over the same span, divided by the
 * events, is reported as machine CPU per event (broker, worker and receiver share this JVM). Candidates run
 * interleaved, {@code rounds} times, after one round that warms the JIT up and is not counted; the medians and
 * their ratios are printed.
 *
 * <p>Arguments: {@code [events] [warmup] [rounds]}, default 300,000, 30,000 and 3. System properties:
 * {@code -Dbench.tasks=1,3}; {@code -Dbench.candidates=chain,json,aiven}; {@code -Dbench.warmup.rounds=0}; {@code -Dbench.aiven.dir=<dir>}
 * (default {@code ../shared/peers/aiven-http-sink}); {@code -Dsink.<key>=<value>} overrides a setting of our
 * sink in both of its candidates (e.g. {@code -Dsink.http.compression=none}); {@code -Dbench.sweep=<variant>|<variant>}
 * measures our candidates once per variant in each round ({@code key=value,...}, e.g.
 * {@code batch.max.records=100|batch.max.records=2000}), against the same ceiling. The medians also go to
 * {@code <bench.results.dir>/<bench.results.name>.json} ({@link BenchResult}).
 */
public final class HttpsSinkThroughput {

    private static final Logger log = LoggerFactory.getLogger(HttpsSinkThroughput.class);
    private static final String CEILING = "ceiling: plain consumer + Jackson parse";
    /** The task counts measured in each round; -Dbench.tasks=3 measures only 3 tasks. */
    private static final int[] TASK_COUNTS = java.util.Arrays.stream(System.getProperty("bench.tasks", "1,3").split(","))
        .mapToInt(Integer::parseInt).toArray();
    /** 1 (default): a first round warms the JIT up for every candidate and is not counted; 0: none. */
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup.rounds", 1);
    private static final List<String> CANDIDATES = List.of(System.getProperty("bench.candidates", "chain,json,aiven").split(","));
    /** -Dbench.sweep=batch.max.records=100|batch.max.records=2000: our sink's candidates once per variant (Aiven not swept). */
    private static final String SWEEP = System.getProperty("bench.sweep", "");

    private HttpsSinkThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path aiven = SinkCandidates.aivenPluginDirectory();
        List<String> variants = SWEEP.isBlank() ? List.of("") : List.of(SWEEP.split("\\|"));

        try (BenchRig rig = BenchRig.start(aiven);
             Admin admin = rig.harness().kafka().admin()) {
            String topic = "bench-events";
            rig.harness().kafka().createTopic(topic, BenchRig.PARTITIONS);
            BenchRig.preload(rig.harness().bootstrapServers(), topic, warmup + events, 1);
            SinkCandidates sinks = new SinkCandidates(rig, topic);

            Map<Case, List<SinkRun>> runs = new LinkedHashMap<>();
            // round 0 warms the JIT up for every candidate and is not counted
            for (int round = WARMUP_ROUNDS > 0 ? 0 : 1; round <= rounds; round++) {
                if (round == 1) {
                    runs.clear();
                }
                runs.computeIfAbsent(new Case("ceiling", CEILING, "", 0), c -> new ArrayList<>())
                    .add(ceiling(rig.harness().bootstrapServers(), topic, warmup, events));
                for (String variant : variants) {
                    Map<String, String> settings = settings(variant);
                    for (int tasks : TASK_COUNTS) {
                        if (CANDIDATES.contains("chain")) {
                            measure(runs, rig, admin, new Case("chain", "ours, real chain (conversion after routing), gzip + signed",
                                variant, tasks), round, with(sinks.realChain(tasks, true), settings), warmup, events);
                        }
                        if (CANDIDATES.contains("json")) {
                            measure(runs, rig, admin, new Case("json", "ours, no transforms (value.encoding=json), gzip + signed",
                                variant, tasks), round, with(sinks.noTransforms(tasks), settings), warmup, events);
                        }
                        if (CANDIDATES.contains("aiven") && aiven != null && variant.isEmpty()) {
                            measure(runs, rig, admin, new Case("aiven", "Aiven HTTP sink, NDJSON, no gzip, unsigned, no transforms",
                                variant, tasks), round, sinks.aiven(tasks), warmup, events);
                        }
                    }
                }
            }
            report(runs, events, warmup, rounds);
        }
    }

    /**
     * One measured case: {@code kind} is ceiling, chain, json or aiven; {@code variant} the sweep's settings
     * ({@code key=value,...}, empty without a sweep).
     */
    private record Case(String kind, String candidate, String variant, int tasks) {

        String label() {
            if (tasks == 0) {
                return candidate;
            }
            return candidate + (variant.isEmpty() ? "" : " [" + variant + "]") + ", " + tasks + " task(s)";
        }
    }

    /** A sweep variant's settings: {@code key=value} pairs separated by commas. */
    private static Map<String, String> settings(String variant) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : variant.split(",")) {
            if (!pair.isBlank()) {
                settings.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return settings;
    }

    private static Map<String, String> with(Map<String, String> config, Map<String, String> settings) {
        config.putAll(settings);
        return config;
    }

    private static void measure(Map<Case, List<SinkRun>> runs, BenchRig rig, Admin admin, Case measured, int round,
                                Map<String, String> config, int warmup, int events) throws Exception {
        String variant = measured.variant().isEmpty() ? "" : "-v" + Integer.toHexString(measured.variant().hashCode());
        String name = "bench-" + measured.candidate().replaceAll("[^a-zA-Z]+", "-").replaceAll("-$", "").toLowerCase() + variant
            + "-" + measured.tasks() + "-" + round;
        SinkRun run = rig.run(admin, name, config, warmup, warmup + (long) events);
        runs.computeIfAbsent(measured, c -> new ArrayList<>()).add(run);
    }

    /** Records/s of a plain consumer reading {@code events} values after skipping {@code skip}, parsing each. */
    private static SinkRun ceiling(String bootstrap, String topic, int skip, int events) {
        ObjectMapper mapper = new ObjectMapper();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < BenchRig.PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, skip / BenchRig.PARTITIONS);
            }
            long read = 0;
            long fields = 0;
            long start = System.nanoTime();
            long cpuStart = BenchRig.processCpuNanos();
            while (read < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    fields += mapper.readTree(record.value()).size();
                    read++;
                }
            }
            SinkRun run = new SinkRun(read, (System.nanoTime() - start) / 1e9, BenchRig.processCpuNanos() - cpuStart);
            log.info("Ceiling read {} events ({} fields) in {} s", read, fields, String.format("%.2f", run.seconds()));
            return run;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(Map<Case, List<SinkRun>> runs, int events, int warmup, int rounds) {
        double ceiling = SinkRun.medianRate(runs.get(new Case("ceiling", CEILING, "", 0)));
        BenchResult result = new BenchResult("HttpsSinkThroughput").setting("events", events).setting("warmupEvents", warmup)
            .setting("rounds", rounds).setting("warmupRounds", WARMUP_ROUNDS).setting("eventBytes", BenchRig.EVENT_BYTES).setting("partitions", BenchRig.PARTITIONS)
            .setting("sweep", SWEEP).setting("sinkOverrides", SinkCandidates.overrideSettings());
        StringBuilder table = new StringBuilder("\n| candidate | median records/s | ratio to ceiling | ratio to Aiven | ratio to our no-transform path "
            + "| machine CPU µs/event (median) | runs (records/s) |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        runs.forEach((measured, values) -> {
            double median = SinkRun.medianRate(values);
            Double peer = medianOf(runs, "aiven", "", measured.tasks());
            Double noTransforms = medianOf(runs, "json", measured.variant(), measured.tasks());
            table.append(String.format("| %s | %,.0f | %.2f | %s | %s | %.1f | %s |%n", measured.label(), median, median / ceiling,
                ratio(median, peer), ratio(median, noTransforms), SinkRun.medianCpuMicrosPerEvent(values),
                values.stream().map(v -> String.format("%,.0f", v.rate())).toList()));
            result.row("kind", measured.kind(), "candidate", measured.candidate(), "variant", settings(measured.variant()),
                "tasks", measured.tasks(), "recordsPerSecond", median, "ceilingRecordsPerSecond", ceiling,
                "ratioToCeiling", median / ceiling, "aivenRecordsPerSecond", peer, "noTransformRecordsPerSecond", noTransforms,
                "cpuMicrosPerEvent", SinkRun.medianCpuMicrosPerEvent(values), "runs", values.stream().map(SinkRun::rate).toList());
        });
        table.append(String.format("%n%,d events of %d bytes, %d partitions, %d cores (%s)%n", events, BenchRig.EVENT_BYTES,
            BenchRig.PARTITIONS, Runtime.getRuntime().availableProcessors(), BenchRig.cpuModel()));
        log.info("{}", table);
        result.write();
    }

    /** The median rate of the case of {@code kind}, {@code variant} and {@code tasks}, or null when it was not measured. */
    private static Double medianOf(Map<Case, List<SinkRun>> runs, String kind, String variant, int tasks) {
        return runs.entrySet().stream()
            .filter(e -> e.getKey().kind().equals(kind) && e.getKey().variant().equals(variant) && e.getKey().tasks() == tasks)
            .map(e -> SinkRun.medianRate(e.getValue())).findFirst().orElse(null);
    }

    private static String ratio(double value, Double base) {
        return base == null ? "–" : String.format("%.2f", value / base);
    }
}
