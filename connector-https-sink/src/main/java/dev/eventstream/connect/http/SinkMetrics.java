package dev.eventstream.connect.http;

import dev.eventstream.connect.common.TaskMetrics;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * The task's metrics through Connect's plugin metrics (KIP-877): records and bytes sent, requests, retries,
 * failures, request latency and buffered bytes. Without a metrics registry (tests, old workers)
 * every record call is a no-op.
 */
final class SinkMetrics {

    private final TaskMetrics metrics;
    private final Sensor recordsSent;
    private final Sensor bytesSent;
    private final Sensor uncompressedBytes;
    private final Sensor requests;
    private final Sensor retries;
    private final Sensor failures;
    private final Sensor latency;

    private SinkMetrics(TaskMetrics metrics) {
        this.metrics = metrics;
        this.recordsSent = metrics.counter("records-sent", "records delivered (2xx)", Map.of());
        this.bytesSent = metrics.counter("bytes-sent", "request body bytes on the wire (after compression)", Map.of());
        this.uncompressedBytes = metrics.counter("bytes-rendered", "uncompressed JSON body bytes delivered", Map.of());
        this.requests = metrics.counter("requests", "HTTP requests made", Map.of());
        this.retries = metrics.counter("retries", "requests retried after a retriable failure", Map.of());
        this.failures = metrics.counter("failures",
                "batches that failed for good (non-retriable status or budget spent)", Map.of());
        this.latency = metrics.sensor("request-latency");
        metrics.stat(latency, "request-latency-avg", "average request latency in ms", Map.of(), new Avg());
        metrics.stat(latency, "request-latency-max", "maximum request latency in ms", Map.of(), new Max());
    }

    static SinkMetrics create(TaskMetrics metrics) {
        return new SinkMetrics(metrics);
    }

    /** Registers the buffered-bytes gauge. */
    void bufferedBytes(LongSupplier supplier) {
        metrics.gauge("buffered-bytes", "estimated bytes of records buffered, not yet delivered", supplier);
    }

    void delivered(int records, int wireBytes, int renderedBytes) {
        metrics.record(recordsSent, records);
        metrics.record(bytesSent, wireBytes);
        metrics.record(uncompressedBytes, renderedBytes);
    }

    void request(long latencyMs) {
        metrics.record(requests, 1);
        metrics.record(latency, latencyMs);
    }

    void retry() {
        metrics.record(retries, 1);
    }

    void failure() {
        metrics.record(failures, 1);
    }
}
