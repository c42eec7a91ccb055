package dev.eventstream.connect.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.testing.ConnectRestClient;
import dev.eventstream.connect.testing.KafkaTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault harness's cluster: a KRaft broker in this JVM that can be stopped and started again on the
 * same port, and Connect workers in their own JVMs ({@link WorkerProcess}) with the distribution bundle as
 * their only plugin source ({@code plugin.path}, {@code plugin.discovery=service_load}), as production runs.
 *
 * <p>Worker settings that the scenarios' bounds depend on: offsets are committed every
 * {@link #OFFSET_FLUSH_INTERVAL}; a dead worker leaves the group after {@code session.timeout.ms=6000} and
 * its tasks are reassigned {@code scheduled.rebalance.max.delay.ms=2000} later; a dead task's consumer leaves
 * its group after {@code consumer.session.timeout.ms=6000}.
 */
final class FaultCluster implements AutoCloseable {

    static final Duration OFFSET_FLUSH_INTERVAL = Duration.ofSeconds(1);
    static final Duration WORKER_STARTUP = Duration.ofSeconds(90);

    private static final Logger LOG = LoggerFactory.getLogger(FaultCluster.class);

    private final EmbeddedKafkaCluster broker;
    private final KafkaTestClient kafka;
    private final Map<String, String> workerProperties;
    private final Path workDir;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private int started;

    private FaultCluster(EmbeddedKafkaCluster broker, Map<String, String> workerProperties, Path workDir) {
        this.broker = broker;
        this.kafka = new KafkaTestClient(broker.bootstrapServers());
        this.workerProperties = workerProperties;
        this.workDir = workDir;
    }

    /** Starts the broker and {@code workers} worker JVMs, and waits until every worker answers. */
    static FaultCluster start(String scenario, int workers) {
        return start(scenario, workers, Map.of());
    }

    static FaultCluster start(String scenario, int workers, Map<String, String> extraWorkerProperties) {
        EmbeddedKafkaCluster broker = startBroker();
        String group = "reliability-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("group.id", group);
        props.put("offset.storage.topic", group + "-offsets");
        props.put("config.storage.topic", group + "-configs");
        props.put("status.storage.topic", group + "-status");
        props.put("offset.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "5");
        props.put("config.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("plugin.path", bundleDirectory().toString());
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", Long.toString(OFFSET_FLUSH_INTERVAL.toMillis()));
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "1500");
        props.put("consumer.session.timeout.ms", "6000");
        props.put("consumer.heartbeat.interval.ms", "1500");
        props.put("connector.client.config.override.policy", "All");
        props.put("config.providers", "file");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.putAll(extraWorkerProperties);
        Path workDir = Path.of(System.getProperty("reliability.work.dir", "target/reliability")).resolve(group);
        FaultCluster cluster = new FaultCluster(broker, props, workDir);
        try {
            for (int i = 0; i < workers; i++) {
                cluster.addWorker();
            }
            cluster.workers.forEach(worker -> worker.awaitReady(WORKER_STARTUP));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** A second, independent KRaft cluster (the customer's), e.g. as a Kafka sink's target. */
    static EmbeddedKafkaCluster startBroker() {
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        brokerProps.put("message.max.bytes", Integer.toString(4 * 1024 * 1024));
        EmbeddedKafkaCluster broker = new EmbeddedKafkaCluster(1, brokerProps);
        broker.start();
        return broker;
    }

    static Path bundleDirectory() {
        Path bundle = Path.of(System.getProperty("eventstream.plugin.path", "../distribution/target/missing"));
        if (!Files.isDirectory(bundle)) {
            throw new IllegalStateException("The distribution bundle " + bundle + " is missing: build it first "
                + "(mvn -B verify -pl reliability-tests -am builds distribution before this module)");
        }
        return bundle;
    }

    /** Starts one more worker JVM (not waiting for it). */
    WorkerProcess addWorker() {
        WorkerProcess worker = WorkerProcess.start("worker-" + started++, freePort(), workerProperties, workDir);
        workers.add(worker);
        LOG.info("Started {}", worker);
        return worker;
    }

    List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    List<WorkerProcess> liveWorkers() {
        return workers.stream().filter(WorkerProcess::alive).toList();
    }

    /** A REST client of the first live worker. */
    ConnectRestClient rest() {
        return new ConnectRestClient(liveWorkers().stream().findFirst()
            .orElseThrow(() -> new IllegalStateException("No live worker")).url());
    }

    KafkaTestClient kafka() {
        return kafka;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Creates the topic and waits until every partition has a leader: producing earlier can fail the idempotent producer. */
    void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    void createTopic(String topic, int partitions, Map<String, String> configs) {
        kafka.createTopic(topic, partitions, configs);
        awaitLeaders(kafka, topic, partitions);
    }

    static void awaitLeaders(KafkaTestClient client, String topic, int partitions) {
        Awaitility.await("leaders of " + topic).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .ignoreExceptions()
            .until(() -> client.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .filter(partition -> partition.leader() != null && !partition.leader().isEmpty()).count() == partitions);
    }

    /** The worker that runs task {@code task} of the connector, per {@code GET /connectors/{name}/status}. */
    WorkerProcess workerRunningTask(String connector, int task) {
        JsonNode status = rest().connectorStatus(connector);
        for (JsonNode taskStatus : status.path("tasks")) {
            if (taskStatus.path("id").asInt() == task) {
                String workerId = taskStatus.path("worker_id").asText();
                return workers.stream().filter(worker -> worker.workerId().equals(workerId)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Unknown worker " + workerId));
            }
        }
        throw new IllegalStateException("Connector " + connector + " has no task " + task + ": " + status);
    }

    /**
     * Waits until the task consumers of a sink connector ({@code connect-<name>}) form a stable group of {@code tasks}
     * members that own all {@code partitions} between them. Connect reports a task RUNNING before its consumer joined:
     * records produced earlier are read by the first consumer to join, which gives them up (undelivered requests
     * included, for the next owner to send again) at the rebalance when the others join.
     */
    void awaitTaskConsumers(String connector, int tasks, int partitions) {
        String group = "connect-" + connector;
        Awaitility.await("the task consumers of " + connector + " own the " + partitions + " partitions")
            .atMost(WORKER_STARTUP).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
            .until(() -> {
                ConsumerGroupDescription description = kafka.admin().describeConsumerGroups(List.of(group)).all().get().get(group);
                return description.groupState() == GroupState.STABLE && description.members().size() == tasks
                    && description.members().stream().allMatch(member -> !member.assignment().topicPartitions().isEmpty())
                    && description.members().stream().mapToInt(member -> member.assignment().topicPartitions().size()).sum() == partitions;
            });
    }

    /** The offsets a sink connector's task consumers committed, per partition number. */
    Map<Integer, Long> committedOffsets(String connector) throws Exception {
        Map<Integer, Long> committed = new TreeMap<>();
        kafka.admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get()
            .forEach((partition, offset) -> committed.put(partition.partition(), offset.offset()));
        return committed;
    }

    /** The end offset of each partition of {@code topic}, per partition number. */
    Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new TreeMap<>();
        kafka.admin().listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /** Stops the broker (its log directory is kept): clients see it gone. */
    void stopBroker() {
        broker.stopOnlyBrokers();
    }

    /** Starts the broker again on the same listener and log directory. */
    void restartBroker() {
        broker.restartOnlyBrokers();
    }

    /** Every log line of every worker, dead or alive. */
    List<String> workerLogLines() {
        List<String> lines = new ArrayList<>();
        workers.forEach(worker -> lines.addAll(worker.logLines()));
        return lines;
    }

    @Override
    public void close() {
        List<WorkerProcess> live = liveWorkers();
        live.forEach(WorkerProcess::terminate);
        live.forEach(worker -> worker.stop(Duration.ofSeconds(20)));
        kafka.close();
        broker.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
