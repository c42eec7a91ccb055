package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.TaskMetrics;
import dev.eventstream.connect.common.sink.DeadLetters;
import dev.eventstream.connect.common.sink.UsageRecorderFactory;
import dev.eventstream.connect.usage.UsageConfig;
import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * Receives records and hands them on: {@code put} maps each record ({@link RecordMapper}) and sends it
 * asynchronously ({@link TargetProducer}); {@code preCommit} flushes the producer and returns only offsets whose
 * records were all acknowledged, skipped or written to the DLQ ({@link OffsetTracker}, {@link DeliveryFailures}).
 */
public class KafkaSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkTask.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory;
    private final UsageRecorderFactory usageRecorders;
    private RecordMapper mapper;
    private OffsetTracker tracker;
    private TargetProducer producer;
    private DeadLetters deadLetters;
    private DeliveryFailures failures;
    private UsageRecorder usage = UsageRecorder.OFF;
    private boolean skipTombstones;
    private boolean stopped;

    public KafkaSinkTask() {
        this(KafkaProducer::new, UsageRecorder::start);
    }

    /** For tests: the producer comes from {@code producerFactory}, given the producer properties. */
    KafkaSinkTask(Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory) {
        this(producerFactory, UsageRecorder::start);
    }

    KafkaSinkTask(Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory,
                  UsageRecorderFactory usageRecorders) {
        this.producerFactory = producerFactory;
        this.usageRecorders = usageRecorders;
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        KafkaSinkConfig config = new KafkaSinkConfig(props);
        TaskMetrics taskMetrics = TaskMetrics.of(context);
        SinkMetrics metrics = SinkMetrics.create(taskMetrics);
        mapper = new RecordMapper(config);
        tracker = new OffsetTracker();
        usage = usageRecorders.create(UsageConfig.settings(config), props.getOrDefault("name", "kafka-sink"),
                config.taskIndex());
        deadLetters = new DeadLetters(DeadLetters.reporterOf(context), "Kafka sink task", taskMetrics, usage);
        failures = new DeliveryFailures(deadLetters, metrics);
        skipTombstones = config.tombstones() == KafkaSinkConfig.TombstoneHandling.SKIP;
        producer = new TargetProducer(producerFactory.apply(config.producerProperties(props.get("name"))), metrics, usage,
                config.valueFormat() == KafkaSinkConfig.ValueFormat.JSON);
        stopped = false;
        LOG.info("Kafka sink task {} started: to {} over {}, topic {}, {} values, {} compression",
                config.taskIndex(), config.bootstrapServers(), config.securityProtocol(), config.topicTemplate(),
                config.valueFormat(), config.compressionType());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        handleFailures();
        deadLetters.throwIfFailed();
        long now = System.nanoTime();
        for (SinkRecord record : records) {
            TopicPartition partition = OffsetTracker.partitionOf(record);
            if (record.value() == null && skipTombstones) {
                tracker.addSettled(partition, record);
                continue;
            }
            OffsetTracker.Pending pending = tracker.add(partition, record, now);
            ProducerRecord<byte[], byte[]> target;
            try {
                target = mapper.map(record);
            } catch (DataException e) {
                failures.failed(pending, record.topic(), e);
                deadLetters.throwIfFailed();
                continue;
            }
            producer.send(target, pending);
        }
        handleFailures();
        deadLetters.throwIfFailed();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (!stopped) {
            producer.flush();
        }
        handleFailures();
        failures.awaitReported();
        return tracker.committable(currentOffsets);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        usage.opened(partitions);
        tracker.assign(partitions);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (tracker != null) {
            tracker.remove(partitions);
        }
        usage.closing();
    }

    @Override
    public void stop() {
        stopped = true;
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
        usage.close();
        LOG.info("Kafka sink task stopped");
    }

    private void handleFailures() {
        TargetProducer.Failure failure;
        while ((failure = producer.pollFailure()) != null) {
            failures.failed(failure.pending(), failure.targetTopic(), failure.error());
        }
    }

}
