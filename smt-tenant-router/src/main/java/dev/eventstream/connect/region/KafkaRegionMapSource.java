package dev.eventstream.connect.region;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The map from a compacted topic (key tenant, value region, a tombstone removes the tenant). At start a
 * consumer is assigned every partition, reads from the beginning up to the end offsets taken at start, and only
 * then does {@link #start()} return; a daemon thread then tails the topic and swaps in a new map after each
 * poll that brought records. A poll that brought none counts as a successful refresh only once the brokers
 * confirm the end offsets have been reached. No consumer group is used, so no offsets are committed and no rebalance happens.
 */
final class KafkaRegionMapSource extends AbstractRegionMapSource {

    private static final Logger log = LoggerFactory.getLogger(KafkaRegionMapSource.class);

    private final String topic;
    private final Duration pollInterval;
    private final Duration startupTimeout;
    private final Supplier<Consumer<String, String>> consumerFactory;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, String> working = new HashMap<>();
    private Consumer<String, String> consumer;
    private Thread tailer;

    KafkaRegionMapSource(String description, String topic, Duration pollInterval, Duration startupTimeout,
                         Supplier<Consumer<String, String>> consumerFactory, Clock clock) {
        super(description, clock);
        this.topic = topic;
        this.pollInterval = pollInterval;
        this.startupTimeout = startupTimeout;
        this.consumerFactory = consumerFactory;
    }

    @Override
    public synchronized void start() {
        if (tailer != null) {
            return;
        }
        consumer = consumerFactory.get();
        try {
            readToEnd();
        } catch (RuntimeException e) {
            recordFailure(e);
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            consumer = null;
            throw new ConnectException("No region map could be loaded from " + description() + " within "
                    + startupTimeout.toMillis() + " ms (" + InPrimaryRegionConfig.STARTUP_TIMEOUT_MS
                    + "); without a map no record's region can be decided. Cause: " + e, e);
        }
        publish(Map.copyOf(working));
        tailer = new Thread(this::tail, "eventstream-region-map-" + description());
        tailer.setDaemon(true);
        tailer.start();
        log.info("Region map source {} read {} tenants to the end of topic {}; tailing it",
                description(), working.size(), topic);
    }

    private void readToEnd() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
        if (infos == null || infos.isEmpty()) {
            throw new ConnectException("topic " + topic + " does not exist or has no partitions");
        }
        List<TopicPartition> partitions = new ArrayList<>(infos.size());
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, remaining(deadline));
        while (!reachedEnd(endOffsets, deadline)) {
            Duration wait = remaining(deadline);
            apply(consumer.poll(wait.compareTo(pollInterval) < 0 ? wait : pollInterval));
        }
    }

    private boolean reachedEnd(Map<TopicPartition, Long> endOffsets, long deadline) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey(), remaining(deadline)) < end.getValue()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConnectException("topic " + topic + " was not read to its end offsets " + endOffsets
                            + " in time");
                }
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0L, deadline - System.nanoTime()));
    }

    /** Applies records to the working map; returns whether any arrived. */
    private boolean apply(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            String tenant = record.key();
            if (tenant == null || tenant.isEmpty()) {
                log.warn("Ignoring a record without tenant key in region map topic {} (partition {}, offset {})",
                        record.topic(), record.partition(), record.offset());
            } else if (record.value() == null) {
                working.remove(tenant);
            } else if (record.value().isEmpty()) {
                log.warn("Ignoring an empty region for tenant '{}' in region map topic {} (partition {}, offset {}); "
                        + "a tombstone removes a tenant", tenant, record.topic(), record.partition(), record.offset());
            } else {
                working.put(tenant, record.value());
            }
        }
        return !records.isEmpty();
    }

    private void tail() {
        try {
            while (closed.getCount() > 0) {
                try {
                    ConsumerRecords<String, String> records = consumer.poll(pollInterval);
                    if (apply(records)) {
                        publish(Map.copyOf(working));
                    } else if (caughtUp()) {
                        recordSuccess();
                    }
                } catch (WakeupException e) {
                    log.debug("Region map tailer of {} woken up to stop", description());
                } catch (RuntimeException e) {
                    // Any failure (broker unreachable, authorization, a corrupt record) keeps the last good map;
                    // the tailer keeps trying, so the map catches up once the cause is fixed.
                    recordFailure(e);
                    closed.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Whether the brokers confirm that nothing is left to read. An empty poll alone proves nothing: a consumer whose
     * cluster is unreachable polls nothing, without an exception. Asking for the end offsets needs a broker, and
     * times out (a failed refresh) when none answers.
     */
    private boolean caughtUp() {
        Map<TopicPartition, Long> endOffsets = consumer.endOffsets(consumer.assignment(), pollInterval);
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (consumer.position(end.getKey(), pollInterval) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed.countDown();
        Thread toJoin;
        synchronized (this) {
            toJoin = tailer;
            if (toJoin != null) {
                consumer.wakeup();
            }
        }
        if (toJoin == null) {
            return;
        }
        try {
            toJoin.join(TimeUnit.SECONDS.toMillis(15));
            if (toJoin.isAlive()) {
                log.warn("Region map tailer of {} did not stop within 15 s", description());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
