package dev.eventstream.bench.kafka;

import dev.eventstream.bench.report.BenchResult;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records/s from a source broker to a separate target broker, in one JVM, same run, same worker: KafkaSinkConnector
 * (passthrough and json) against MirrorMaker 2's MirrorSourceConnector replicating the same topic between the same
 * brokers. All three use 3 tasks and lz4 on the target. A run is timed from the connector's creation until the
 * target topic holds every record. Candidates run interleaved, {@code rounds} times; medians are printed.
 * Arguments: {@code [events] [rounds]}, default 200,000 and 2.
 */
public final class KafkaSinkVsMirrorMaker {

    private static final Logger log = LoggerFactory.getLogger(KafkaSinkVsMirrorMaker.class);
    private static final String SOURCE = "bench-calls";
    private static final int PARTITIONS = 3;
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private KafkaSinkVsMirrorMaker() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        EmbeddedKafkaCluster target = new EmbeddedKafkaCluster(1, new Properties());
        target.start();
        try (ConnectClusterHarness harness = ConnectClusterHarness.embedded(1);
             Admin targetAdmin = BenchClusters.admin(target.bootstrapServers())) {
            harness.kafka().createTopic(SOURCE, PARTITIONS);
            BenchClusters.preload(harness.bootstrapServers(), SOURCE, events, i -> "acme:call-" + i % 997);
            log.info("Preloaded {} events of {} bytes", events, BenchClusters.EVENT_BYTES);

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (String mode : new String[] {"passthrough", "json"}) {
                    String topic = "sink-" + mode + "-" + round;
                    BenchClusters.createTopics(targetAdmin, List.of(topic), PARTITIONS);
                    double rate = run(harness, targetAdmin, "bench-kafka-" + mode + "-" + round,
                        sinkConfig(harness, target, mode, topic), topic, events);
                    rates.computeIfAbsent("KafkaSinkConnector, " + mode, c -> new ArrayList<>()).add(rate);
                }
                String alias = "r" + round;
                double rate = run(harness, targetAdmin, "bench-mm2-" + round, mirrorConfig(harness, target, alias),
                    alias + "." + SOURCE, events);
                rates.computeIfAbsent("MirrorSourceConnector (MM2)", c -> new ArrayList<>()).add(rate);
            }
            StringBuilder table = new StringBuilder("\n| candidate | median records/s | MB/s | runs |\n| --- | --- | --- | --- |\n");
            rates.forEach((candidate, values) -> table.append(String.format("| %s | %,.0f | %.1f | %s |%n", candidate,
                BenchClusters.median(values), BenchClusters.median(values) * BenchClusters.EVENT_BYTES / 1e6,
                values.stream().map(v -> String.format("%,.0f", v)).toList())));
            table.append(String.format("%n%,d events of %d bytes, %d partitions, 3 tasks each, lz4 on the target, %d cores%n",
                events, BenchClusters.EVENT_BYTES, PARTITIONS, Runtime.getRuntime().availableProcessors()));
            log.info("{}", table);
            BenchResult result = new BenchResult("KafkaSinkVsMirrorMaker").setting("events", events).setting("rounds", rounds)
                .setting("eventBytes", BenchClusters.EVENT_BYTES).setting("partitions", PARTITIONS).setting("tasks", PARTITIONS);
            rates.forEach((candidate, values) -> result.row("candidate", candidate, "recordsPerSecond", BenchClusters.median(values),
                "runs", values));
            result.write();
        } finally {
            target.stop();
        }
    }

    private static double run(ConnectClusterHarness harness, Admin targetAdmin, String name, Map<String, String> config,
                              String targetTopic, int events) throws Exception {
        long start = System.nanoTime();
        harness.rest().putConnectorConfig(name, config);
        BenchClusters.await(name + " delivering " + events + " records", Duration.ofMinutes(10),
            () -> BenchClusters.endOffsets(targetAdmin, List.of(targetTopic)) >= events);
        double seconds = (System.nanoTime() - start) / 1e9;
        harness.rest().deleteConnector(name);
        long delivered = BenchClusters.endOffsets(targetAdmin, List.of(targetTopic));
        log.info("{}: {} records on the target in {} s", name, delivered, String.format("%.2f", seconds));
        return events / seconds;
    }

    private static Map<String, String> sinkConfig(ConnectClusterHarness harness, EmbeddedKafkaCluster target, String mode,
                                                  String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("tasks.max", Integer.toString(PARTITIONS));
        config.put("topics", SOURCE);
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("consumer.override.max.poll.records", "2000");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("header.converter", BYTES);
        if (mode.equals("passthrough")) {
            config.put("value.converter", BYTES);
        } else {
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "false");
        }
        config.put("value.format", mode);
        config.put("target.bootstrap.servers", target.bootstrapServers());
        config.put("target.topic", topic);
        config.put("target.compression.type", "lz4");
        return config;
    }

    private static Map<String, String> mirrorConfig(ConnectClusterHarness harness, EmbeddedKafkaCluster target, String alias) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        config.put("tasks.max", Integer.toString(PARTITIONS));
        config.put("source.cluster.alias", alias);
        config.put("target.cluster.alias", "target");
        config.put("source.cluster.bootstrap.servers", harness.bootstrapServers());
        config.put("target.cluster.bootstrap.servers", target.bootstrapServers());
        config.put("topics", SOURCE);
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        config.put("header.converter", BYTES);
        // the worker's own Kafka is the source cluster: MM2's records go to the target through a producer override
        config.put("producer.override.bootstrap.servers", target.bootstrapServers());
        config.put("producer.override.compression.type", "lz4");
        config.put("replication.factor", "1");
        config.put("offset-syncs.topic.replication.factor", "1");
        config.put("sync.topic.configs.enabled", "false");
        config.put("sync.topic.acls.enabled", "false");
        config.put("refresh.topics.interval.seconds", "1");
        config.put("source.consumer.max.poll.records", "2000");
        return config;
    }
}
