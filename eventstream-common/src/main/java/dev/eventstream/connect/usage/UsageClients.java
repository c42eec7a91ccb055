package dev.eventstream.connect.usage;

import dev.eventstream.connect.common.SharedResources;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link UsagePublisher} of this worker with the same client config shares: one producer, one admin
 * client and one daemon thread that runs the publishers' flushes ({@link #shared}, reference-counted, closed with
 * its last publisher). Without it, each sink task held a producer, an admin client and a thread of its own: 3,000
 * threads and client connections for 1,000 endpoint connectors. Flushes only hand records to the producer and
 * continue when the broker answers, so one thread serves them all. The clients are made at the first flush, and
 * again at the next flush when that failed: a usage cluster that cannot be reached never fails a task start.
 * Clusters with different configs get different clients and threads, so one cluster's outage does not hold up the
 * flushes of another's.
 */
final class UsageClients {

    private static final Logger LOG = LoggerFactory.getLogger(UsageClients.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final SharedResources<Map<String, Object>, UsageClients> SHARED =
        new SharedResources<>(UsageClients::new, UsageClients::close);

    private final String name;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Supplier<Admin> admins;
    private final ScheduledExecutorService scheduler;
    private final Set<String> readyTopics = new HashSet<>();
    private final Map<String, CompletableFuture<Void>> creations = new HashMap<>();
    private Producer<byte[], byte[]> producer;
    private Admin admin;
    private boolean closed;

    /** Clients for {@code clientConfig} (bootstrap.servers and security settings), made when first needed. */
    private UsageClients(Map<String, Object> clientConfig) {
        this.name = "eventstream-usage-" + IDS.incrementAndGet();
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, name);
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, name + "-admin");
        this.producers = () -> new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.admins = () -> Admin.create(adminConfig);
        this.scheduler = flushThread(name);
    }

    private UsageClients(Producer<byte[], byte[]> producer, Admin admin) {
        this.name = "eventstream-usage-" + IDS.incrementAndGet();
        this.producers = () -> producer;
        this.admins = admin == null ? null : () -> admin;
        this.scheduler = flushThread(name);
    }

    private static ScheduledExecutorService flushThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-flush");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The clients of this worker for {@code clientConfig}, made with the first lease. */
    static SharedResources<Map<String, Object>, UsageClients>.Lease shared(Map<String, Object> clientConfig) {
        return SHARED.acquire(Map.copyOf(clientConfig));
    }

    /** How many distinct client configs have clients open in this worker. */
    static int openShared() {
        return SHARED.open();
    }

    /**
     * Clients of one publisher's own, with their own flush thread, closed with it (tests).
     * @param admin creates the topics when missing; null when they are known to exist
     */
    static UsageClients of(Producer<byte[], byte[]> producer, Admin admin) {
        return new UsageClients(producer, admin);
    }

    /** Runs {@code flush} every {@code interval} on the shared thread, until the returned future is cancelled. */
    ScheduledFuture<?> schedule(Runnable flush, Duration interval) {
        return scheduler.scheduleWithFixedDelay(flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where flushes run and continue after the broker answered. */
    Executor executor() {
        return scheduler;
    }

    /** The name of the clients and (with {@code -flush}) of their thread. */
    String name() {
        return name;
    }

    /** How many publishers hold the shared clients of {@code clientConfig}; 0 when none is open. */
    static int users(Map<String, Object> clientConfig) {
        return SHARED.users(Map.copyOf(clientConfig));
    }

    synchronized boolean closed() {
        return closed;
    }

    /** The producer, made if need be. @throws KafkaException when it cannot be made (bad bootstrap servers) */
    synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    /**
     * True once {@code topics} exist (created compacted when missing). A creation in progress is shared by every
     * publisher that needs the same topics; waits {@code wait} at most for it, else false (asked again at the next
     * flush).
     * @throws KafkaException when the admin client cannot be made
     */
    boolean topicsReady(List<NewTopic> topics, Duration wait) {
        if (admins == null) {
            return true;
        }
        String key = String.join(",", topics.stream().map(NewTopic::name).toList());
        CompletableFuture<Void> creation;
        synchronized (this) {
            if (readyTopics.contains(key)) {
                return true;
            }
            creation = creations.get(key);
            if (creation == null || creation.isCompletedExceptionally()) {
                creation = create(topics);
                creations.put(key, creation);
            }
        }
        try {
            creation.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                readyTopics.add(key);
                creations.remove(key);
            }
            return true;
        } catch (ExecutionException e) {
            LOG.warn("Cannot create the usage topics {} (retried at the next flush): {}", key, e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("Creating the usage topics {} takes longer than {} s (retried at the next flush)", key,
                wait.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private CompletableFuture<Void> create(List<NewTopic> topics) {
        if (admin == null) {
            admin = admins.get();
        }
        CompletableFuture<?>[] each = admin.createTopics(topics).values().entrySet().stream()
            .map(result -> result.getValue().toCompletionStage().toCompletableFuture().handle((done, error) -> {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause == null) {
                    LOG.info("Created the compacted usage topic {}", result.getKey());
                } else if (!(cause instanceof TopicExistsException)) {
                    throw new CompletionException(cause);
                }
                return null;
            }))
            .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each);
    }

    /** Stops the flush thread, then closes the clients (the producer sends what it holds, 2 s at most). */
    void close() {
        scheduler.shutdownNow();
        Producer<byte[], byte[]> openProducer;
        Admin openAdmin;
        synchronized (this) {
            closed = true;
            openProducer = producer;
            openAdmin = admin;
        }
        try {
            if (openProducer != null) {
                openProducer.close(Duration.ofSeconds(2));
            }
        } catch (KafkaException e) {
            LOG.warn("Closing the usage producer {} failed: {}", name, e.toString());
        }
        try {
            if (openAdmin != null) {
                openAdmin.close(Duration.ofSeconds(2));
            }
        } catch (KafkaException e) {
            LOG.warn("Closing the usage admin client {} failed: {}", name, e.toString());
        }
        LOG.info("Closed the usage clients {}: no task of this worker uses them any more", name);
    }
}
