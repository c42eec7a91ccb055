package dev.eventstream.connect.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.testing.HttpsReceiver;
import dev.eventstream.connect.testing.KafkaTestClient;
import dev.eventstream.connect.testing.ReceivedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a scenario's records into the {@link Ledger} (each with the coordinates the broker acknowledged)
 * and reads back what arrived: events at the HTTPS receiver or on a Kafka topic, and dead letters.
 *
 * <p>An event is {@code {"seq":n,"tenant":"t","partition":p,"payload":"..."}} with the key
 * {@code <tenant>:call-<partition>}, so that {@code TenantRouter}'s {@code {tenant_id}:{callthread_id}} finds the
 * tenant and every record of a partition has one key (per-key order is per-partition order).
 */
final class Traffic {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How an event's value is written: {@link #JSON} text, or another format (Confluent-framed Avro, {@link AvroEvents}). */
    @FunctionalInterface
    interface ValueEncoding {
        byte[] encode(long seq, String tenant, int partition);
    }

    /** The event as JSON text ({@link #event}). */
    static final ValueEncoding JSON = (seq, tenant, partition) -> event(seq, tenant, partition).getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Ledger ledger;
    private final AtomicLong nextSeq = new AtomicLong();

    /** Produces with the test client's shared lz4 producer. */
    Traffic(KafkaTestClient kafka, Ledger ledger) {
        this(kafka.producer("lz4"), ledger);
    }

    /** Produces with {@code producer} (e.g. one whose {@code max.request.size} lets 10 MB records through). */
    Traffic(KafkaProducer<byte[], byte[]> producer, Ledger ledger) {
        this.producer = producer;
        this.ledger = ledger;
    }

    /** A producer (lz4, acks=all) whose requests and buffer take records of up to {@code maxRequestBytes}. */
    static KafkaProducer<byte[], byte[]> largeRecordProducer(String bootstrapServers, int maxRequestBytes) {
        return new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * maxRequestBytes),
            new ByteArraySerializer(), new ByteArraySerializer());
    }

    Ledger ledger() {
        return ledger;
    }

    static String key(String tenant, int partition) {
        return tenant + ":call-" + partition;
    }

    /**
     * The tenant that {@code key} names by the connectors' key template {@value Connectors#KEY_TEMPLATE}: the
     * text before the first {@code ':'} (a placeholder's value runs to the first occurrence of the literal after
     * it), so the key {@code acme:eu:call-0} is tenant {@code acme}'s. Null when the key names no tenant.
     */
    static String tenantOfKey(String key) {
        int separator = key.indexOf(':');
        return separator <= 0 ? null : key.substring(0, separator);
    }

    static String event(long seq, String tenant, int partition) {
        return "{\"seq\":" + seq + ",\"tenant\":" + MAPPER.valueToTree(tenant) + ",\"partition\":" + partition
            + ",\"id\":\"EventEstablished\",\"payload\":\"call " + seq + " of " + partition + "\"}";
    }

    /**
     * Produces {@code perTenant} events of each tenant id round-robin over the partitions, and waits for the acks.
     * Each is recorded as owned by the tenant its key names ({@link #tenantOfKey}); {@code fate} is asked about that owner.
     */
    void events(String topic, int partitions, List<String> tenants, int perTenant, Function<String, Ledger.Fate> fate) {
        events(topic, partitions, tenants, perTenant, fate, JSON);
    }

    /** The same, with each value written in {@code encoding}. */
    void events(String topic, int partitions, List<String> tenants, int perTenant, Function<String, Ledger.Fate> fate,
                ValueEncoding encoding) {
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < perTenant; i++) {
            for (String tenant : tenants) {
                long seq = nextSeq.getAndIncrement();
                int partition = (int) (seq % partitions);
                String key = key(tenant, partition);
                String owner = tenantOfKey(key);
                pending.add(send(topic, partition, key.getBytes(StandardCharsets.UTF_8), encoding.encode(seq, tenant, partition),
                    seq, owner, tenant, fate.apply(owner), "event"));
            }
        }
        settle(pending);
    }

    /** Produces one record that is not a good event (malformed value, bad key, ...); it must be dead-lettered. */
    void malformed(String topic, int partition, byte[] key, byte[] value, String tenant, String kind) {
        settle(List.of(send(topic, partition, key, value, -1, tenant, tenant, Ledger.Fate.DEAD_LETTER, kind)));
    }

    /** Produces a good event value under a key that must send it to the DLQ (no tenant, binary, none). */
    void misKeyed(String topic, int partition, byte[] key, String tenant, String kind) {
        long seq = nextSeq.getAndIncrement();
        settle(List.of(send(topic, partition, key, event(seq, tenant, partition).getBytes(StandardCharsets.UTF_8), seq,
            tenant, tenant, Ledger.Fate.DEAD_LETTER, kind)));
    }

    /**
     * Produces events of one tenant at about {@code perSecond} on a background thread until
     * {@link SteadyStream#stop()}; each send is recorded when the broker acknowledges it.
     */
    SteadyStream steady(String topic, int partitions, String tenant, int perSecond) {
        SteadyStream stream = new SteadyStream(topic, partitions, tenant, perSecond);
        stream.thread.start();
        return stream;
    }

    /** A background producer of steady load. */
    final class SteadyStream {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile RuntimeException failure;

        private SteadyStream(String topic, int partitions, String tenant, int perSecond) {
            long periodNanos = Duration.ofMillis(20).toNanos();
            int perTick = Math.max(1, perSecond / 50);
            thread = new Thread(() -> {
                long next = System.nanoTime();
                try {
                    while (running.get()) {
                        List<Pending> pending = new ArrayList<>();
                        for (int i = 0; i < perTick; i++) {
                            long seq = nextSeq.getAndIncrement();
                            int partition = (int) (seq % partitions);
                            pending.add(send(topic, partition, key(tenant, partition).getBytes(StandardCharsets.UTF_8),
                                event(seq, tenant, partition).getBytes(StandardCharsets.UTF_8), seq, tenant, tenant,
                                Ledger.Fate.DELIVER, "event"));
                        }
                        settle(pending);
                        next += periodNanos;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }, "steady-producer");
            thread.setDaemon(true);
        }

        /** Stops producing and waits until every send is acknowledged and recorded. */
        void stop() {
            running.set(false);
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Every event in the 2xx-answered requests of the receiver; {@code tenantOfPath} names the endpoint's tenant. */
    static List<DeliveryCheck.Arrival> arrivals(HttpsReceiver receiver, Function<String, String> tenantOfPath) {
        List<DeliveryCheck.Arrival> arrivals = new ArrayList<>();
        for (ReceivedRequest request : receiver.acceptedRequests()) {
            if (EndpointPlan.TOKEN_PATH.equals(request.path())) {
                continue;
            }
            String endpointTenant = tenantOfPath.apply(request.path());
            for (JsonNode event : request.bodyAsJson()) {
                arrivals.add(new DeliveryCheck.Arrival(endpointTenant, event.path("seq").asLong(-1),
                    event.path("tenant").asText(), request.receivedAt()));
            }
        }
        return arrivals;
    }

    /** Every event on a Kafka topic (e.g. a Kafka sink's target), at the record's timestamp. */
    static List<DeliveryCheck.Arrival> arrivals(List<ConsumerRecord<byte[], byte[]>> records, String endpointTenant) {
        List<DeliveryCheck.Arrival> arrivals = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                JsonNode event = MAPPER.readTree(record.value());
                arrivals.add(new DeliveryCheck.Arrival(endpointTenant, event.path("seq").asLong(-1),
                    event.path("tenant").asText(), Instant.ofEpochMilli(record.timestamp())));
            } catch (IOException e) {
                arrivals.add(new DeliveryCheck.Arrival(endpointTenant, -1, "(not an event)", Instant.ofEpochMilli(record.timestamp())));
            }
        }
        return arrivals;
    }

    /** The dead letters on a DLQ topic written with {@code errors.deadletterqueue.context.headers.enable=true}. */
    static List<DeliveryCheck.DeadLetter> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
        List<DeliveryCheck.DeadLetter> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            deadLetters.add(new DeliveryCheck.DeadLetter(
                Integer.parseInt(header(record, "__connect.errors.partition")),
                Long.parseLong(header(record, "__connect.errors.offset")),
                header(record, "__connect.errors.stage"),
                header(record, "__connect.errors.exception.message")));
        }
        return deadLetters;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private record Pending(Future<RecordMetadata> ack, long seq, String tenant, String eventTenant, Ledger.Fate fate,
                           String kind) {
    }

    private Pending send(String topic, int partition, byte[] key, byte[] value, long seq, String tenant,
                         String eventTenant, Ledger.Fate fate, String kind) {
        return new Pending(producer.send(new ProducerRecord<>(topic, partition, key, value)), seq, tenant, eventTenant,
            fate, kind);
    }

    private void settle(List<Pending> pending) {
        producer.flush();
        try {
            for (Pending sent : pending) {
                RecordMetadata metadata = sent.ack().get();
                ledger.add(new Ledger.Produced(sent.seq(), sent.tenant(), sent.eventTenant(), metadata.partition(),
                    metadata.offset(), sent.fate(), sent.kind()));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Producing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing", e);
        }
    }
}
