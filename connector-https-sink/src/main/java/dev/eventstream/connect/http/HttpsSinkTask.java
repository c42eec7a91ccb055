package dev.eventstream.connect.http;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.HeapSizes;
import dev.eventstream.connect.common.SharedResources;
import dev.eventstream.connect.common.TaskMetrics;
import dev.eventstream.connect.common.sink.DeadLetters;
import dev.eventstream.connect.common.sink.UsageRecorderFactory;
import dev.eventstream.connect.usage.UsageConfig;
import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Receives records and hands them on: {@code put} only enqueues (pausing the partitions while the buffer is full),
 * {@code preCommit} returns the offsets of settled records only, {@code close} gives revoked partitions up without
 * committing what was not delivered. The sending happens in {@link DeliveryPipeline}, on the worker's shared
 * {@link SenderPool}; the buffer is bounded by the heap its records take, per task and per worker
 * ({@link BufferBudget}).
 */
public class HttpsSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSinkTask.class);
    /** While paused, Connect polls again after this long, so that put() can resume promptly. */
    private static final long PAUSED_POLL_TIMEOUT_MS = 100L;

    private RecordBuffer buffer;
    private DeliveryTracker tracker;
    private DeadLetters deadLetters;
    private DeliveryPipeline pipeline;
    private HttpClientFactory.SharedClient client;
    private SharedResources<Integer, SenderPool>.Lease pool;
    private BufferBudget.Share budget;
    private AuthProvider auth;
    private final UsageRecorderFactory usageRecorders;
    private UsageRecorder usage = UsageRecorder.OFF;
    private long bufferMaxBytes;
    private boolean paused;
    /** The assignment changed since backpressure last set the partitions' pause state. */
    private volatile boolean reassigned;

    public HttpsSinkTask() {
        this(UsageRecorder::start);
    }

    HttpsSinkTask(UsageRecorderFactory usageRecorders) {
        this.usageRecorders = usageRecorders;
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        TaskMetrics taskMetrics = TaskMetrics.of(context);
        SinkMetrics metrics = SinkMetrics.create(taskMetrics);
        client = HttpClientFactory.acquire(config);
        auth = AuthProvider.forConfig(config, client);
        RequestSigner signer = RequestSigner.create(config.signingSecret(), config.signingSecretPrevious());
        HttpSender sender = new HttpSender(config, client.client(), auth, signer, System::currentTimeMillis);
        BodyWriter writer = BodyWriter.forConfig(config);
        budget = BufferBudget.WORKER.join(config.bufferWorkerMaxHeapPercent());
        buffer = new RecordBuffer(config.batchMaxRecords(), config.batchMaxBytes(), config.lingerMs(), HeapSizes::of,
                budget);
        tracker = new DeliveryTracker(buffer);
        String connector = props.getOrDefault("name", "https-sink");
        usage = usageRecorders.create(UsageConfig.settings(config), connector, config.taskIndex());
        deadLetters = new DeadLetters(DeadLetters.reporterOf(context), "HTTPS sink task", taskMetrics, usage);
        bufferMaxBytes = config.bufferMaxBytes();
        metrics.bufferedBytes(buffer::heldBytes);
        pool = SenderPool.acquire(config.senderPoolThreads());
        pipeline = new DeliveryPipeline(config, buffer, sender, deadLetters, new DeliveryAccounting(metrics, usage),
                new BatchRenderer(config, writer, signer, () -> System.currentTimeMillis() / 1000), pool.get());
        LOG.info("HTTPS sink task started: {} {} ({}, {}, batch {} records / {} bytes, {} in flight on a pool of {} "
                        + "sender threads)", config.method(), config.urlForLogs(), config.bodyFormat(),
                config.gzip() ? "gzip" : "identity", config.batchMaxRecords(), config.batchMaxBytes(),
                pipeline.maxInFlight(), pool.get().threads());
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        usage.opened(partitions);
        buffer.open(partitions);
        reassigned = true;
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        buffer.add(records, System.nanoTime());
        pipeline.dispatch();
        applyBackpressure();
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
        applyBackpressure();
        return tracker.committable(currentOffsets);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (pipeline != null) {
            pipeline.close(partitions);
        }
        usage.closing();
    }

    @Override
    public void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (budget != null) {
            budget.close();
        }
        if (auth != null) {
            auth.close();
        }
        if (client != null) {
            client.close();
        }
        usage.close();
        LOG.info("HTTPS sink task stopped");
    }

    private void applyBackpressure() {
        if (reassigned) {
            // Connect remembers the partitions a task paused, even across a rebalance that revoked them, and pauses
            // them again when they come back. Left alone, such a partition would never be resumed: seen as a task
            // that stopped fetching one partition for good after the rebalances of a connector start.
            reassigned = false;
            TopicPartition[] assigned = context.assignment().toArray(new TopicPartition[0]);
            if (paused) {
                context.pause(assigned);
            } else {
                context.resume(assigned);
            }
        }
        if (!paused && budget.shouldPause(bufferMaxBytes)) {
            Set<TopicPartition> assigned = context.assignment();
            context.pause(assigned.toArray(new TopicPartition[0]));
            paused = true;
            LOG.debug("Buffer holds {} bytes of heap (limit {}; the worker's buffers {} of {}): paused {}",
                    budget.bytes(), bufferMaxBytes, BufferBudget.WORKER.held(), BufferBudget.WORKER.limit(), assigned);
        } else if (paused && budget.mayResume(bufferMaxBytes)) {
            Set<TopicPartition> assigned = context.assignment();
            context.resume(assigned.toArray(new TopicPartition[0]));
            paused = false;
            LOG.debug("Buffer drained to {} bytes of heap: resumed {}", budget.bytes(), assigned);
        }
        if (paused) {
            context.timeout(PAUSED_POLL_TIMEOUT_MS);
        }
    }

    private void throwIfFailed() {
        if (deadLetters != null) {
            deadLetters.throwIfFailed();
        }
    }
}
