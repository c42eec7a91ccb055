package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.usage.UsageRecorder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The producer to the target cluster (acks=all, idempotent): sends asynchronously; a callback settles the record's
 * {@link OffsetTracker.Pending} on acknowledgement and counts it, or queues the failure for the task thread, which
 * decides between the DLQ and failing the task ({@link DeliveryFailures}). Usage: each acknowledged record counts as one
 * request (produce attempt) with its key, value and header bytes as wire bytes (before the batch compression,
 * which the producer does not report per record), and its value size as JSON bytes when values are JSON; each failed
 * one as a failed request. Nothing here blocks except {@link #flush()}
 * and, when the producer's buffer is full, {@code send} (up to the producer's max.block.ms).
 */
final class TargetProducer implements AutoCloseable {

    /** A record whose delivery failed for good (after the producer's own retries, where retriable). */
    record Failure(OffsetTracker.Pending pending, String targetTopic, Exception error) {
    }

    private final Producer<byte[], byte[]> producer;
    private final SinkMetrics metrics;
    private final UsageRecorder usage;
    private final boolean jsonValues;
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong inFlight = new AtomicLong();

    TargetProducer(Producer<byte[], byte[]> producer, SinkMetrics metrics, UsageRecorder usage, boolean jsonValues) {
        this.producer = producer;
        this.metrics = metrics;
        this.usage = usage;
        this.jsonValues = jsonValues;
        metrics.inFlight(inFlight::get);
    }

    /** Sends {@code record}; the outcome settles {@code pending} or becomes a {@link Failure}. */
    void send(ProducerRecord<byte[], byte[]> record, OffsetTracker.Pending pending) {
        inFlight.incrementAndGet();
        try {
            producer.send(record, (metadata, error) -> complete(pending, record, metadata, error));
        } catch (InterruptException e) {
            inFlight.decrementAndGet();
            throw e;
        } catch (KafkaException e) {
            // thrown rather than passed to the callback: serialization, a closed producer, a fatal producer state
            complete(pending, record, null, e);
        }
    }

    private void complete(OffsetTracker.Pending pending, ProducerRecord<byte[], byte[]> record, RecordMetadata metadata,
                          Exception error) {
        inFlight.decrementAndGet();
        if (error != null) {
            usage.attempts(pending.record, 1, 1);
            failures.add(new Failure(pending, record.topic(), error));
            return;
        }
        int bytes = Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize());
        String tenant = EventStreamHeaders.tenant(pending.record.headers());
        usage.delivered(pending.record, tenant, jsonValues && record.value() != null ? record.value().length : 0,
                serializedSize(record), 1);
        metrics.delivered(tenant == null ? "" : tenant, bytes,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pending.sentNanos));
        pending.settle();
    }

    /** Key, value and header bytes of {@code record} as the producer writes them, before batch compression. */
    private static int serializedSize(ProducerRecord<byte[], byte[]> record) {
        int size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header header : record.headers()) {
            size += Utils.utf8Length(header.key()) + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** The next failure to handle, or null. */
    Failure pollFailure() {
        return failures.poll();
    }

    /** Waits until every record sent so far is acknowledged or failed. */
    void flush() {
        producer.flush();
    }

    long inFlight() {
        return inFlight.get();
    }

    /** Closes the producer, waiting up to {@code timeout} for records in flight. */
    void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
