package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.TaskMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * The task's metrics through Connect's plugin metrics (KIP-877), named like the HTTPS sink's: records and bytes
 * sent (acknowledged by the target), failures, acknowledgement latency, records in flight, and per
 * tenant ({@code tenant} tag) records and bytes sent. Without a metrics registry (tests, old workers) every record
 * call is a no-op. Thread-safe (producer callbacks record).
 */
final class SinkMetrics {

    private final TaskMetrics metrics;
    private final Sensor recordsSent;
    private final Sensor bytesSent;
    private final Sensor failures;
    private final Sensor latency;
    private final Map<String, Sensor[]> tenants = new ConcurrentHashMap<>();

    private SinkMetrics(TaskMetrics metrics) {
        this.metrics = metrics;
        this.recordsSent = metrics.counter("records-sent", "records acknowledged by the target", Map.of());
        this.bytesSent = metrics.counter("bytes-sent",
                "serialized key and value bytes acknowledged by the target (before compression)", Map.of());
        this.failures = metrics.counter("failures", "records whose delivery failed for good (DLQ'd or task failed)",
                Map.of());
        this.latency = metrics.sensor("send-latency");
        metrics.stat(latency, "send-latency-avg", "average time from send to acknowledgement in ms", Map.of(), new Avg());
        metrics.stat(latency, "send-latency-max", "maximum time from send to acknowledgement in ms", Map.of(), new Max());
    }

    static SinkMetrics create(TaskMetrics metrics) {
        return new SinkMetrics(metrics);
    }

    /** Registers the records-in-flight gauge. */
    void inFlight(LongSupplier supplier) {
        metrics.gauge("records-in-flight", "records sent and not yet acknowledged or failed", supplier);
    }

    void delivered(String tenant, int bytes, long latencyMs) {
        metrics.record(recordsSent, 1);
        metrics.record(bytesSent, bytes);
        metrics.record(latency, latencyMs);
        Sensor[] perTenant = tenants.computeIfAbsent(tenant, this::tenantSensors);
        metrics.record(perTenant[0], 1);
        metrics.record(perTenant[1], bytes);
    }

    void failure() {
        metrics.record(failures, 1);
    }

    private Sensor[] tenantSensors(String tenant) {
        Map<String, String> tags = Map.of("tenant", tenant);
        Sensor records = metrics.sensor("tenant-records-sent." + tenant);
        metrics.stat(records, "tenant-records-sent-total", "records of the tenant acknowledged by the target, total",
                tags, new CumulativeSum());
        Sensor bytes = metrics.sensor("tenant-bytes-sent." + tenant);
        metrics.stat(bytes, "tenant-bytes-sent-total",
                "serialized key and value bytes of the tenant acknowledged by the target, total", tags, new CumulativeSum());
        return new Sensor[] {records, bytes};
    }
}
