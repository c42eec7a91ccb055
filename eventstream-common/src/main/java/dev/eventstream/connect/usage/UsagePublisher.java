package dev.eventstream.connect.usage;

import dev.eventstream.connect.common.SharedResources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link UsageMeter}'s changed totals to the compacted usage topic, in batches, off the delivery path
 * (on the flush thread of the {@link UsageClients} it shares with the worker's other tasks): a usage outage never
 * blocks or fails delivery. A total is marked published only when the broker acknowledged it;
 * anything else stays pending and is sent again at the next flush (totals, not increments, so a repeat is
 * harmless). With {@link DeliveredOffsets}, every flush whose totals were all acknowledged then publishes the
 * partitions' delivered-offset marks to the companion topic {@link #marksTopic}, which later task instances read to
 * tell redeliveries apart. Both topics are created (compacted) when missing. At most {@link #MAX_TOTALS} totals are
 * held in memory: past that (a usage outage of many hours), the oldest minutes are dropped, with an error logged.
 */
public final class UsagePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsagePublisher.class);
    /** Published totals of minutes older than this are dropped from memory. */
    private static final long KEEP_MINUTES = 5;
    /** Totals held per task instance at most (one per tenant, topic and minute; about 200 bytes each). */
    public static final int MAX_TOTALS = 50_000;
    /** How long a flush waits for the topics being created before it tries again at the next one. */
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
    /** How long {@link #flush()} waits for acknowledgements, and {@link #close()} for the last flush. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(60);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final UsageMeter meter;
    private final DeliveredOffsets offsets;
    private final String topic;
    private final String marksTopic;
    private final UsageClients clients;
    /** Releases the clients when the publisher closes: the shared clients' lease, or the publisher's own clients. */
    private final AutoCloseable release;
    private final Clock clock;
    private ScheduledFuture<?> schedule;
    /** The flush whose acknowledgements are awaited; a new one starts only after it. */
    private CompletableFuture<Integer> inFlight = CompletableFuture.completedFuture(0);

    /**
     * @param admin creates the topic when missing; null when the topic is known to exist
     */
    public UsagePublisher(UsageMeter meter, String topic, Producer<byte[], byte[]> producer, Admin admin, Clock clock) {
        this(meter, null, topic, producer, admin, clock);
    }

    /**
     * A publisher with clients of its own, closed with it, and no schedule: {@link #flush()} publishes.
     * @param offsets the delivered-offset marks to publish after the totals; null: none
     * @param admin   creates the topics when missing; null when they are known to exist
     */
    public UsagePublisher(UsageMeter meter, DeliveredOffsets offsets, String topic, Producer<byte[], byte[]> producer,
                          Admin admin, Clock clock) {
        this(meter, offsets, topic, UsageClients.of(producer, admin), null, clock);
    }

    /** A publisher on {@code clients}, which {@code release} gives back when it closes (null: closes them). */
    UsagePublisher(UsageMeter meter, DeliveredOffsets offsets, String topic, UsageClients clients,
                   AutoCloseable release, Clock clock) {
        this.meter = meter;
        this.offsets = offsets;
        this.topic = topic;
        this.marksTopic = marksTopic(topic);
        this.clients = clients;
        this.release = release == null ? clients::close : release;
        this.clock = clock;
    }

    /**
     * A publisher on the worker's shared clients for {@code clientConfig} (bootstrap.servers and security settings),
     * flushing every {@code interval}.
     */
    public static UsagePublisher start(UsageMeter meter, String topic, Map<String, Object> clientConfig, Duration interval) {
        return start(meter, null, topic, clientConfig, interval);
    }

    /** As {@link #start(UsageMeter, String, Map, Duration)}, also publishing {@code offsets}' marks. */
    public static UsagePublisher start(UsageMeter meter, DeliveredOffsets offsets, String topic,
                                       Map<String, Object> clientConfig, Duration interval) {
        SharedResources<Map<String, Object>, UsageClients>.Lease lease = UsageClients.shared(clientConfig);
        UsagePublisher publisher = new UsagePublisher(meter, offsets, topic, lease.get(), lease, Clock.systemUTC());
        publisher.schedule = lease.get().schedule(publisher::scheduledFlush, interval);
        return publisher;
    }

    /**
     * Sends every pending total and waits for the acknowledgements (after the flush in progress, if any).
     * @return the number of totals the broker acknowledged; those that failed stay pending
     */
    public int flush() {
        return await(flushAfterInFlight(), ACK_WAIT);
    }

    /**
     * Publishes what is pending now, on the flush thread, waiting at most {@code max}: called before partitions
     * are given up, so that their next owner reads marks that cover what this task delivered. Never waits longer,
     * even when the usage cluster is down.
     */
    public void flushNow(Duration max) {
        CompletableFuture<Integer> flushed = CompletableFuture.supplyAsync(this::flushAfterInFlight, clients.executor())
            .thenCompose(flush -> flush);
        await(flushed, max);
    }

    /** The companion compacted topic of {@code usageTopic} that holds the delivered-offset marks. */
    public static String marksTopic(String usageTopic) {
        return usageTopic + "-offsets";
    }

    UsageClients clients() {
        return clients;
    }

    /** The schedule's flush: none while the last one awaits acknowledgements (an outage must not pile up sends). */
    private void scheduledFlush() {
        synchronized (this) {
            if (!inFlight.isDone()) {
                return;
            }
            inFlight = sendQuietly();
        }
    }

    /** A flush that starts once the one in progress is done: what changed meanwhile is in it. */
    private synchronized CompletableFuture<Integer> flushAfterInFlight() {
        inFlight = inFlight.isDone() ? sendQuietly()
            : inFlight.handle((acknowledged, error) -> 0).thenComposeAsync(done -> sendQuietly(), clients.executor());
        return inFlight;
    }

    private CompletableFuture<Integer> sendQuietly() {
        try {
            return send();
        } catch (RuntimeException e) {
            LOG.warn("Usage flush to {} failed (totals kept, retried): {}", topic, e.toString());
            return CompletableFuture.completedFuture(0);
        }
    }

    /**
     * Hands every pending total to the producer; completes with the number the broker acknowledged, after the marks
     * (when every total was acknowledged) and the housekeeping.
     */
    private CompletableFuture<Integer> send() {
        // marks first: every delivery they cover is in the totals taken next
        Map<TopicPartition, Long> marks = offsets == null ? Map.of() : offsets.unpublished();
        Map<UsageKey, UsageMeter.Pending> pending = meter.pending();
        if (pending.isEmpty() && marks.isEmpty()) {
            // an idle task makes no clients and sends nothing
            meter.forgetPublishedBefore(UsageKey.minuteOf(clock.millis()) - KEEP_MINUTES);
            return CompletableFuture.completedFuture(0);
        }
        Producer<byte[], byte[]> producer;
        try {
            producer = clients.producer();
            if (!clients.topicsReady(topics(), TOPIC_WAIT)) {
                keepBounded();
                return CompletableFuture.completedFuture(0);
            }
        } catch (KafkaException e) {
            LOG.warn("Cannot make the clients of the usage topic {} (totals kept, retried at the next flush): {}", topic,
                e.getMessage());
            keepBounded();
            return CompletableFuture.completedFuture(0);
        }
        AtomicReference<Exception> firstError = new AtomicReference<>();
        List<CompletableFuture<Boolean>> acks = new ArrayList<>(pending.size());
        for (Map.Entry<UsageKey, UsageMeter.Pending> entry : pending.entrySet()) {
            CompletableFuture<Boolean> ack = new CompletableFuture<>();
            try {
                producer.send(new ProducerRecord<>(topic, UsageCodec.key(entry.getKey()),
                    UsageCodec.value(entry.getValue().counts())), (metadata, error) -> {
                        if (error == null) {
                            meter.published(entry.getKey(), entry.getValue().version());
                        } else {
                            firstError.compareAndSet(null, error);
                        }
                        ack.complete(error == null);
                    });
            } catch (RuntimeException e) {
                LOG.warn("Usage totals not published to {} (kept, retried at the next flush): {}", topic, e.toString());
                break;
            }
            acks.add(ack);
            if (ack.isDone() && !ack.join()) {
                // failed at once (no metadata within max.block.ms): every other send would wait as long
                break;
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).thenComposeAsync(done -> {
            int acknowledged = (int) acks.stream().filter(CompletableFuture::join).count();
            int failed = pending.size() - acknowledged;
            if (failed > 0) {
                LOG.warn("{} usage total(s) not acknowledged by {} (kept, retried at the next flush): {}", failed, topic,
                    Optional.ofNullable(firstError.get()).map(Exception::toString).orElse("not sent"));
            }
            CompletableFuture<Void> marksPublished = acknowledged == pending.size() && !marks.isEmpty()
                ? publishMarks(producer, marks) : CompletableFuture.completedFuture(null);
            return marksPublished.thenApply(published -> {
                meter.forgetPublishedBefore(UsageKey.minuteOf(clock.millis()) - KEEP_MINUTES);
                keepBounded();
                return acknowledged;
            });
        }, clients.executor());
    }

    private CompletableFuture<Void> publishMarks(Producer<byte[], byte[]> producer, Map<TopicPartition, Long> marks) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(marks.size());
        try {
            marks.forEach((partition, offset) -> {
                CompletableFuture<Void> ack = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(marksTopic, UsageCodec.markKey(meter.connector(), partition),
                    UsageCodec.markValue(offset)), (metadata, error) -> {
                        if (error == null) {
                            offsets.published(partition, offset);
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(error);
                        }
                    });
                sent.add(ack);
            });
        } catch (RuntimeException e) {
            sent.add(CompletableFuture.failedFuture(e));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            if (error != null) {
                LOG.warn("Delivered-offset marks not published to {} (retried at the next flush): {}", marksTopic,
                    error.getCause() != null ? error.getCause().toString() : error.toString());
            }
            return null;
        });
    }

    /** At most {@link #MAX_TOTALS} totals in memory, also while the usage cluster cannot be reached at all. */
    private void keepBounded() {
        UsageCounts lost = meter.dropOldestBeyond(MAX_TOTALS);
        if (!lost.equals(UsageCounts.ZERO)) {
            LOG.error("More than {} usage totals could not be published to {}: dropped the oldest minutes, with {} "
                + "records, {} requests and {} DLQ records not yet published", MAX_TOTALS, topic, lost.records(),
                lost.requests(), lost.dlq());
        }
    }

    private List<NewTopic> topics() {
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(topic, Optional.empty(), Optional.empty()).configs(compact));
        if (offsets != null) {
            // read whole at every task start: compacted often, so that it stays one record per partition
            wanted.add(new NewTopic(marksTopic, Optional.empty(), Optional.empty()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, "3600000")));
        }
        return wanted;
    }

    private static int await(CompletableFuture<Integer> flush, Duration max) {
        try {
            return flush.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("Usage flush not done within {} ms: {}", max.toMillis(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Stops the schedule, publishes what is pending (waiting a few seconds at most), and releases the clients: the
     * shared ones stay open for the worker's other tasks until the last of them closes.
     */
    @Override
    public void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        flushNow(CLOSE_WAIT);
        try {
            release.close();
        } catch (Exception e) {
            LOG.warn("Releasing the usage clients of {} failed: {}", meter.source(), e.toString());
        }
    }
}
