package dev.eventstream.connect.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link VoiceTraffic} on the platform's cluster at a steady rate, as the service teams' producers
 * do: one batch every 250 ms, each batch compressed in turn with gzip, lz4 or snappy (one producer per
 * codec, flushed after its batch so that the batch is one record batch on the broker).
 */
final class DemoProducer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoProducer.class);
    static final List<String> CODECS = List.of("gzip", "lz4", "snappy");
    private static final long TICK_MS = 250;

    private final List<KafkaProducer<String, String>> producers = new ArrayList<>();
    private final VoiceTraffic traffic;
    private final double eventsPerTick;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong published = new AtomicLong();
    private double owed;
    private long batches;

    private DemoProducer(String bootstrapServers, VoiceTraffic traffic, double eventsPerSecond) {
        this.traffic = traffic;
        this.eventsPerTick = eventsPerSecond * TICK_MS / 1000.0;
        for (String codec : CODECS) {
            producers.add(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "eventstream-demo-producer-" + codec,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "50"), new StringSerializer(), new StringSerializer()));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-producer");
            thread.setDaemon(true);
            return thread;
        });
    }

    static DemoProducer start(String bootstrapServers, VoiceTraffic traffic, double eventsPerSecond) {
        DemoProducer producer = new DemoProducer(bootstrapServers, traffic, eventsPerSecond);
        producer.scheduler.scheduleAtFixedRate(producer::publishBatch, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return producer;
    }

    long published() {
        return published.get();
    }

    private void publishBatch() {
        owed += eventsPerTick;
        int count = (int) owed;
        if (count == 0) {
            return;
        }
        owed -= count;
        KafkaProducer<String, String> producer = producers.get((int) (batches++ % producers.size()));
        try {
            for (VoiceTraffic.VoiceEvent event : traffic.next(count)) {
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
            }
            producer.flush();
            published.addAndGet(count);
        } catch (RuntimeException e) {
            // A broker hiccup must not end the schedule: the next tick tries again.
            log.warn("Demo producer: a batch of {} events failed: {}", count, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producers.forEach(producer -> producer.close(java.time.Duration.ofSeconds(5)));
    }
}
