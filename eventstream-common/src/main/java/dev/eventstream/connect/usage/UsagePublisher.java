package dev.eventstream.connect.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link UsageMeter}'s changed totals to the compacted usage topic, in batches, on its own thread: a
 * usage outage never blocks or fails delivery. A total is marked published only when the broker acknowledged it;
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

    private final UsageMeter meter;
    private final DeliveredOffsets offsets;
    private final String topic;
    private final String marksTopic;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Supplier<Admin> admins;
    private Producer<byte[], byte[]> producer;
    private Admin admin;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile boolean topicReady;
    /** How long a flush waits for acknowledgements: shorter for the last flush, so a task stops promptly. */
    private volatile long ackTimeoutMs = 60_000L;

    /**
     * @param admin creates the topic when missing; null when the topic is known to exist
     */
    public UsagePublisher(UsageMeter meter, String topic, Producer<byte[], byte[]> producer, Admin admin, Clock clock) {
        this(meter, null, topic, producer, admin, clock);
    }

    /**
     * @param offsets the delivered-offset marks to publish after the totals; null: none
     * @param admin   creates the topics when missing; null when they are known to exist
     */
    public UsagePublisher(UsageMeter meter, DeliveredOffsets offsets, String topic, Producer<byte[], byte[]> producer,
                          Admin admin, Clock clock) {
        this(meter, offsets, topic, () -> producer, admin == null ? null : () -> admin, clock);
    }

    /**
     * Clients are made on the publisher's thread at the first flush, and again at the next flush when that failed (a
     * bootstrap server that does not resolve yet): a usage cluster that cannot be reached never fails a task start.
     */
    private UsagePublisher(UsageMeter meter, DeliveredOffsets offsets, String topic,
                           Supplier<Producer<byte[], byte[]>> producers, Supplier<Admin> admins, Clock clock) {
        this.meter = meter;
        this.offsets = offsets;
        this.topic = topic;
        this.marksTopic = marksTopic(topic);
        this.producers = producers;
        this.admins = admins;
        this.clock = clock;
        this.topicReady = admins == null;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eventstream-usage-" + meter.source());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A publisher with its own producer and admin client ({@code clientConfig}: bootstrap.servers and security
     * settings), flushing every {@code interval}.
     */
    public static UsagePublisher start(UsageMeter meter, String topic, Map<String, Object> clientConfig, Duration interval) {
        return start(meter, null, topic, clientConfig, interval);
    }

    /** As {@link #start(UsageMeter, String, Map, Duration)}, also publishing {@code offsets}' marks. */
    public static UsagePublisher start(UsageMeter meter, DeliveredOffsets offsets, String topic,
                                       Map<String, Object> clientConfig, Duration interval) {
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "eventstream-usage-" + meter.source());
        UsagePublisher publisher = new UsagePublisher(meter, offsets, topic,
            () -> new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
            () -> Admin.create(clientConfig), Clock.systemUTC());
        publisher.scheduler.scheduleWithFixedDelay(publisher::flushQuietly, interval.toMillis(), interval.toMillis(),
            TimeUnit.MILLISECONDS);
        return publisher;
    }

    /**
     * Sends every pending total and waits for the acknowledgements.
     * @return the number of totals the broker acknowledged; those that failed stay pending
     */
    public synchronized int flush() {
        if (!clientsReady() || !topicReady && !ensureTopic()) {
            return 0;
        }
        // marks first: every delivery they cover is in the totals taken next
        Map<TopicPartition, Long> marks = offsets == null ? Map.of() : offsets.unpublished();
        Map<UsageKey, UsageMeter.Pending> pending = meter.pending();
        List<Map.Entry<UsageKey, Future<?>>> sent = new ArrayList<>();
        for (Map.Entry<UsageKey, UsageMeter.Pending> entry : pending.entrySet()) {
            try {
                sent.add(Map.entry(entry.getKey(), producer.send(new ProducerRecord<>(topic,
                    UsageCodec.key(entry.getKey()), UsageCodec.value(entry.getValue().counts())))));
            } catch (RuntimeException e) {
                LOG.warn("Usage totals not published to {} (kept, retried at the next flush): {}", topic, e.toString());
                break;
            }
        }
        int acknowledged = 0;
        Optional<Exception> firstError = Optional.empty();
        for (Map.Entry<UsageKey, Future<?>> result : sent) {
            try {
                result.getValue().get(ackTimeoutMs, TimeUnit.MILLISECONDS);
                meter.published(result.getKey(), pending.get(result.getKey()).version());
                acknowledged++;
            } catch (ExecutionException | TimeoutException e) {
                firstError = firstError.or(() -> Optional.of(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return acknowledged;
            }
        }
        int failed = sent.size() - acknowledged;
        firstError.ifPresent(e -> LOG.warn("{} usage total(s) not acknowledged by {} (kept, retried at the next flush): {}",
            failed, topic, e.getCause() != null ? e.getCause().toString() : e.toString()));
        if (acknowledged == pending.size() && !marks.isEmpty()) {
            publishMarks(marks);
        }
        meter.forgetPublishedBefore(UsageKey.minuteOf(clock.millis()) - KEEP_MINUTES);
        UsageCounts lost = meter.dropOldestBeyond(MAX_TOTALS);
        if (!lost.equals(UsageCounts.ZERO)) {
            LOG.error("More than {} usage totals could not be published to {}: dropped the oldest minutes, with {} "
                + "records, {} requests and {} DLQ records not yet published", MAX_TOTALS, topic, lost.records(),
                lost.requests(), lost.dlq());
        }
        return acknowledged;
    }

    /**
     * Publishes what is pending now, on the publisher's thread, waiting at most {@code max}: called before partitions
     * are given up, so that their next owner reads marks that cover what this task delivered. Never waits longer,
     * even when the usage cluster is down.
     */
    public void flushNow(Duration max) {
        try {
            scheduler.submit(this::flushQuietly).get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            LOG.debug("Usage not published to {} within {} ms before partitions were given up: {}", topic,
                max.toMillis(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The companion compacted topic of {@code usageTopic} that holds the delivered-offset marks. */
    public static String marksTopic(String usageTopic) {
        return usageTopic + "-offsets";
    }

    private void publishMarks(Map<TopicPartition, Long> marks) {
        List<Map.Entry<TopicPartition, Future<?>>> sent = new ArrayList<>(marks.size());
        try {
            marks.forEach((partition, offset) -> sent.add(Map.entry(partition, producer.send(new ProducerRecord<>(
                marksTopic, UsageCodec.markKey(meter.connector(), partition), UsageCodec.markValue(offset))))));
            for (Map.Entry<TopicPartition, Future<?>> result : sent) {
                result.getValue().get(ackTimeoutMs, TimeUnit.MILLISECONDS);
                offsets.published(result.getKey(), marks.get(result.getKey()));
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("Delivered-offset marks not published to {} (retried at the next flush): {}", marksTopic,
                e.getCause() != null ? e.getCause().toString() : e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Usage flush to {} failed (totals kept, retried): {}", topic, e.toString());
        }
    }

    private boolean clientsReady() {
        try {
            if (admin == null && admins != null) {
                admin = admins.get();
            }
            if (producer == null) {
                producer = producers.get();
            }
            return true;
        } catch (KafkaException e) {
            LOG.warn("Cannot make the clients of the usage topic {} (totals kept, retried at the next flush): {}", topic,
                e.getMessage());
            return false;
        }
    }

    private boolean ensureTopic() {
        try {
            Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            List<NewTopic> wanted = new ArrayList<>();
            wanted.add(new NewTopic(topic, Optional.empty(), Optional.empty()).configs(compact));
            if (offsets != null) {
                // read whole at every task start: compacted often, so that it stays one record per partition
                wanted.add(new NewTopic(marksTopic, Optional.empty(), Optional.empty()).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.SEGMENT_MS_CONFIG, "3600000")));
            }
            Map<String, KafkaFuture<Void>> results = admin.createTopics(wanted).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(Math.min(30_000L, ackTimeoutMs), TimeUnit.MILLISECONDS);
                    LOG.info("Created the compacted usage topic {}", result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            topicReady = true;
        } catch (ExecutionException e) {
            LOG.warn("Cannot create the usage topics {} (retried at the next flush): {}", topic, e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("Creating the usage topic {} timed out (retried at the next flush)", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return topicReady;
    }

    /** Stops the schedule, publishes what is pending (waiting a few seconds at most), and closes the clients. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ackTimeoutMs = 3_000L;
        flushQuietly();
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
