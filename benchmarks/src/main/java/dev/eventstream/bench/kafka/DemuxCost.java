package dev.eventstream.bench.kafka;

import dev.eventstream.bench.report.BenchResult;
import dev.eventstream.connect.testing.ConnectClusterHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost of serving T tenants of one multi-tenant topic, direct vs demux, for each T (default 1, 10, 50), on one
 * worker, delivering to a separate target broker with KafkaSinkConnector (passthrough):
 * <ul>
 *   <li>direct: T endpoint connectors, each reading the whole topic and keeping its tenant's records
 *       ({@code TenantRouter} with {@code tenant.allowed});</li>
 *   <li>demux: one connector re-publishes each record to {@code <topic>.<tenant>} on the worker's Kafka, and T
 *       endpoint connectors each read their tenant's topic.</li>
 * </ul>
 * Measured: wall time from the first connector creation until the target holds every record, and records read by
 * all the connectors' consumer groups (their committed offsets, once settled) per delivered record.
 * Arguments: {@code [records] [tenant counts, comma-separated]}, default 20,000 and 1,10,50.
 */
public final class DemuxCost {

    private static final Logger log = LoggerFactory.getLogger(DemuxCost.class);
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final int PARTITIONS = 3;

    private DemuxCost() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String[] counts = (args.length > 1 ? args[1] : "1,10,50").split(",");
        EmbeddedKafkaCluster target = new EmbeddedKafkaCluster(1, new Properties());
        target.start();
        BenchResult result = new BenchResult("DemuxCost").setting("records", records).setting("eventBytes", BenchClusters.EVENT_BYTES)
            .setting("partitions", PARTITIONS).setting("workers", 1);
        StringBuilder table = new StringBuilder("\n| tenants | strategy | connectors | wall time (s) | records read | read per delivered |\n"
            + "| --- | --- | --- | --- | --- | --- |\n");
        try (ConnectClusterHarness harness = ConnectClusterHarness.embedded(1, Map.of("offset.flush.interval.ms", "500"));
             Admin internal = harness.kafka().admin();
             Admin targetAdmin = BenchClusters.admin(target.bootstrapServers())) {
            for (String count : counts) {
                int tenants = Integer.parseInt(count.trim());
                String topic = "calls-" + tenants;
                harness.kafka().createTopic(topic, PARTITIONS);
                BenchClusters.preload(harness.bootstrapServers(), topic, records, i -> "t" + i % tenants + ":call-" + i % 997);
                List<String> tenantTopics = new ArrayList<>();
                for (int t = 0; t < tenants; t++) {
                    tenantTopics.add(topic + ".t" + t);
                }
                BenchClusters.createTopics(internal, tenantTopics, 1);
                for (String strategy : new String[] {"direct", "demux"}) {
                    String out = "out-" + strategy + "-" + tenants;
                    BenchClusters.createTopics(targetAdmin, List.of(out), PARTITIONS);
                    Map<String, Map<String, String>> connectors = strategy.equals("direct")
                        ? direct(harness, target, topic, tenants, out) : demux(harness, target, topic, tenants, out);
                    long start = System.nanoTime();
                    for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
                        harness.rest().putConnectorConfig(connector.getKey(), connector.getValue());
                    }
                    BenchClusters.await(strategy + " with " + tenants + " tenants", Duration.ofMinutes(15),
                        () -> BenchClusters.endOffsets(targetAdmin, List.of(out)) >= records);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long read = settledReads(internal, connectors.keySet(), strategy, topic, tenantTopics, records, tenants);
                    for (String name : connectors.keySet()) {
                        harness.rest().deleteConnector(name);
                    }
                    log.info("{} tenants, {}: {} s, {} records read", tenants, strategy, String.format("%.1f", seconds), read);
                    table.append(String.format("| %d | %s | %d | %.1f | %,d | %.2f |%n", tenants, strategy, connectors.size(),
                        seconds, read, (double) read / records));
                    result.row("tenants", tenants, "strategy", strategy, "connectors", connectors.size(), "wallSeconds", seconds,
                        "recordsRead", read, "readPerDelivered", (double) read / records);
                }
            }
            table.append(String.format("%n%,d records of %d bytes, %d partitions, 1 worker, %d cores%n", records,
                BenchClusters.EVENT_BYTES, PARTITIONS, Runtime.getRuntime().availableProcessors()));
            log.info("{}", table);
            result.write();
        } finally {
            target.stop();
        }
    }

    /** Waits until every group committed all it has to read, and returns the sum of the committed offsets. */
    private static long settledReads(Admin internal, Iterable<String> names, String strategy, String topic,
                                     List<String> tenantTopics, int records, int tenants) throws Exception {
        long expected = strategy.equals("direct") ? (long) records * tenants
            : records + BenchClusters.endOffsets(internal, tenantTopics);
        BenchClusters.await("offsets committed", Duration.ofMinutes(2), () -> {
            long sum = 0;
            for (String name : names) {
                sum += BenchClusters.committed(internal, "connect-" + name);
            }
            return sum >= expected;
        });
        long sum = 0;
        for (String name : names) {
            sum += BenchClusters.committed(internal, "connect-" + name);
        }
        return sum;
    }

    private static Map<String, Map<String, String>> direct(ConnectClusterHarness harness, EmbeddedKafkaCluster target,
                                                            String topic, int tenants, String out) {
        Map<String, Map<String, String>> connectors = new java.util.LinkedHashMap<>();
        for (int t = 0; t < tenants; t++) {
            Map<String, String> config = endpoint(target, topic, out);
            config.put("transforms", "tenant");
            config.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
            config.put("transforms.tenant.tenant.source", "key");
            config.put("transforms.tenant.tenant.template", "{tenant_id}:{callthread_id}");
            config.put("transforms.tenant.tenant.allowed", "t" + t);
            connectors.put("direct-" + tenants + "-t" + t, config);
        }
        return connectors;
    }

    private static Map<String, Map<String, String>> demux(ConnectClusterHarness harness, EmbeddedKafkaCluster target,
                                                           String topic, int tenants, String out) {
        Map<String, Map<String, String>> connectors = new java.util.LinkedHashMap<>();
        Map<String, String> demux = endpoint(target, topic, "${topic}");
        demux.put("target.bootstrap.servers", harness.bootstrapServers());
        demux.put("tasks.max", Integer.toString(PARTITIONS));
        demux.put("transforms", "tenant");
        demux.put("transforms.tenant.type", "dev.eventstream.connect.tenant.TenantRouter");
        demux.put("transforms.tenant.tenant.source", "key");
        demux.put("transforms.tenant.tenant.template", "{tenant_id}:{callthread_id}");
        demux.put("transforms.tenant.route.topic.template", "${topic}.${tenant}");
        connectors.put("demux-" + tenants, demux);
        for (int t = 0; t < tenants; t++) {
            connectors.put("endpoint-" + tenants + "-t" + t, endpoint(target, topic + ".t" + t, out));
        }
        return connectors;
    }

    private static Map<String, String> endpoint(EmbeddedKafkaCluster target, String topic, String out) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.eventstream.connect.kafka.KafkaSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("consumer.override.auto.offset.reset", "earliest");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", BYTES);
        config.put("header.converter", BYTES);
        config.put("value.format", "passthrough");
        config.put("target.bootstrap.servers", target.bootstrapServers());
        config.put("target.topic", out);
        config.put("target.compression.type", "lz4");
        return config;
    }
}
