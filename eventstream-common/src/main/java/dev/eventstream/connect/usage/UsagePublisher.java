package dev.eventstream.connect.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link UsageMeter}'s changed totals to the compacted usage topic, in batches, on its own thread: a
 * usage outage never blocks or fails delivery. A total is marked published only when the broker acknowledged it;
 * anything else stays pending and is sent again at the next flush (totals, not increments, so a repeat is
 * harmless). The topic is created (compacted) when missing.
 */
public final class UsagePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsagePublisher.class);
    /** Published totals of minutes older than this are dropped from memory. */
    private static final long KEEP_MINUTES = 5;

    private final UsageMeter meter;
    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Admin admin;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile boolean topicReady;

    /**
     * @param admin creates the topic when missing; null when the topic is known to exist
     */
    public UsagePublisher(UsageMeter meter, String topic, Producer<byte[], byte[]> producer, Admin admin, Clock clock) {
        this.meter = meter;
        this.topic = topic;
        this.producer = producer;
        this.admin = admin;
        this.clock = clock;
        this.topicReady = admin == null;
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
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "eventstream-usage-" + meter.source());
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        UsagePublisher publisher = new UsagePublisher(meter, topic, producer, Admin.create(clientConfig), Clock.systemUTC());
        publisher.scheduler.scheduleWithFixedDelay(publisher::flushQuietly, interval.toMillis(), interval.toMillis(),
            TimeUnit.MILLISECONDS);
        return publisher;
    }

    /**
     * Sends every pending total and waits for the acknowledgements.
     * @return the number of totals the broker acknowledged; those that failed stay pending
     */
    public synchronized int flush() {
        if (!topicReady && !ensureTopic()) {
            return 0;
        }
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
                result.getValue().get(60, TimeUnit.SECONDS);
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
        meter.forgetPublishedBefore(UsageKey.minuteOf(clock.millis()) - KEEP_MINUTES);
        return acknowledged;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Usage flush to {} failed (totals kept, retried): {}", topic, e.toString());
        }
    }

    private boolean ensureTopic() {
        try {
            NewTopic compacted = new NewTopic(topic, Optional.empty(), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(compacted)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created the compacted usage topic {}", topic);
            topicReady = true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                topicReady = true;
            } else {
                LOG.warn("Cannot create the usage topic {} (retried at the next flush): {}", topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn("Creating the usage topic {} timed out (retried at the next flush)", topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return topicReady;
    }

    /** Stops the schedule, publishes what is pending (bounded by the producer's timeouts), and closes the clients. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
        producer.close(Duration.ofSeconds(10));
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
    }
}
