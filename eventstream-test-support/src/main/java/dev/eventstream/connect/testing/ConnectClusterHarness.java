package dev.eventstream.connect.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

/**
 * A real Kafka + Connect cluster for integration tests.
 *
 * <p>{@link #embedded} runs Kafka's own {@link EmbeddedConnectCluster}: a KRaft broker and 1..n
 * distributed workers in this JVM. {@link #onExternalKafka} runs workers in this JVM against a broker
 * started elsewhere (a Testcontainers Kafka). Both use {@code plugin.discovery=service_load} (the hybrid
 * classpath scan costs seconds and a gigabyte per cluster), quick rebalances, and 1 s offset commits, and
 * allow connector client overrides (as production workers must, for
 * {@code consumer.override.auto.offset.reset}).
 */
public final class ConnectClusterHarness implements AutoCloseable {

    /** How long tests wait for a connector to start, or for records to arrive. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final EmbeddedConnectCluster embedded;
    private final List<WorkerHandle> externalWorkers;
    private final String bootstrapServers;
    /**
     * One client per worker URL: each holds a JDK HttpClient, whose selector thread lives until the client is
     * collected, so a client per call left dozens of threads behind in benchmarks that count threads.
     */
    private final Map<URI, ConnectRestClient> restClients = new java.util.concurrent.ConcurrentHashMap<>();
    private KafkaTestClient kafka;

    private ConnectClusterHarness(EmbeddedConnectCluster embedded, List<WorkerHandle> externalWorkers,
                                  String bootstrapServers) {
        this.embedded = embedded;
        this.externalWorkers = externalWorkers;
        this.bootstrapServers = bootstrapServers;
    }

    /** The worker settings every test cluster uses; callers may add to or override them. */
    public static Map<String, String> defaultWorkerProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        props.put("offset.flush.interval.ms", "1000");
        props.put("connector.client.config.override.policy", "All");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        return props;
    }

    /** Starts one broker and {@code workers} workers in this JVM, and waits until all workers are up. */
    public static ConnectClusterHarness embedded(int workers) {
        return embedded(workers, Map.of());
    }

    public static ConnectClusterHarness embedded(int workers, Map<String, String> workerProperties) {
        Map<String, String> props = defaultWorkerProperties();
        props.putAll(workerProperties);
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
            .name("eventstream-it-" + UUID.randomUUID().toString().substring(0, 8))
            .numWorkers(workers)
            .numBrokers(1)
            .brokerProps(brokerProps)
            .workerProps(props)
            .build();
        cluster.start();
        try {
            cluster.assertions().assertAtLeastNumWorkersAreUp(workers, "Workers did not start in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.stop();
            throw new IllegalStateException("Interrupted while starting the cluster", e);
        }
        return new ConnectClusterHarness(cluster, List.of(), cluster.kafka().bootstrapServers());
    }

    /** Starts {@code workers} distributed workers in this JVM against an existing broker. */
    public static ConnectClusterHarness onExternalKafka(String bootstrapServers, int workers,
                                                        Map<String, String> workerProperties) {
        String group = "eventstream-it-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = defaultWorkerProperties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", group);
        props.put("offset.storage.topic", group + "-offsets");
        props.put("config.storage.topic", group + "-configs");
        props.put("status.storage.topic", group + "-status");
        props.put("offset.storage.replication.factor", "1");
        props.put("config.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("listeners", "HTTP://localhost:0");
        props.putAll(workerProperties);
        List<WorkerHandle> handles = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            handles.add(WorkerHandle.start(group + "-worker-" + i, new HashMap<>(props)));
        }
        return new ConnectClusterHarness(null, List.copyOf(handles), bootstrapServers);
    }

    /** Kafka's embedded cluster, with its assertions; only in {@link #embedded} mode. */
    public EmbeddedConnectCluster connect() {
        if (embedded == null) {
            throw new IllegalStateException("This harness runs workers on an external Kafka; use rest() instead");
        }
        return embedded;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Producer, admin and reader for the cluster's broker. */
    public synchronized KafkaTestClient kafka() {
        if (kafka == null) {
            kafka = new KafkaTestClient(bootstrapServers);
        }
        return kafka;
    }

    /** A REST client of one running worker. */
    public ConnectRestClient rest() {
        URI url;
        if (embedded != null) {
            url = embedded.healthyWorkers().stream()
                .map(worker -> ((WorkerHandle) worker).url())
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No healthy worker"));
        } else {
            url = externalWorkers.get(0).url();
        }
        return restClients.computeIfAbsent(url, ConnectRestClient::new);
    }

    @Override
    public synchronized void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (embedded != null) {
            embedded.stop();
        }
        externalWorkers.forEach(WorkerHandle::stop);
    }
}
