package dev.eventstream.connect.kafka;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The task's metrics through Connect's plugin metrics (KIP-877), named like the HTTPS sink's: records and bytes
 * sent (acknowledged by the target), failures, DLQ'd records, acknowledgement latency, records in flight, and per
 * tenant ({@code tenant} tag) records and bytes sent. Without a metrics registry (tests, old workers) every record
 * call is a no-op. Thread-safe (producer callbacks record).
 */
final class SinkMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMetrics.class);

    private final PluginMetrics metrics;
    private final Sensor recordsSent;
    private final Sensor bytesSent;
    private final Sensor failures;
    private final Sensor dlq;
    private final Sensor latency;
    private final Map<String, Sensor[]> tenants = new ConcurrentHashMap<>();

    private SinkMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
        this.recordsSent = sensor("records-sent", "records acknowledged by the target");
        this.bytesSent = sensor("bytes-sent", "serialized key and value bytes acknowledged by the target (before compression)");
        this.failures = sensor("failures", "records whose delivery failed for good (DLQ'd or task failed)");
        this.dlq = sensor("dlq-records", "records reported to the dead letter queue");
        this.latency = metrics == null ? null : metrics.addSensor("send-latency");
        if (latency != null) {
            latency.add(name("send-latency-avg", "average time from send to acknowledgement in ms", Map.of()), new Avg());
            latency.add(name("send-latency-max", "maximum time from send to acknowledgement in ms", Map.of()), new Max());
        }
    }

    static SinkMetrics create(PluginMetrics metrics) {
        return new SinkMetrics(metrics);
    }

    /** Registers the records-in-flight gauge. */
    void inFlight(LongSupplier supplier) {
        if (metrics != null) {
            metrics.addMetric(name("records-in-flight", "records sent and not yet acknowledged or failed", Map.of()),
                    (Gauge<Long>) (config, now) -> supplier.getAsLong());
        }
    }

    void delivered(String tenant, int bytes, long latencyMs) {
        record(recordsSent, 1);
        record(bytesSent, bytes);
        record(latency, latencyMs);
        if (metrics != null) {
            Sensor[] perTenant = tenants.computeIfAbsent(tenant, this::tenantSensors);
            perTenant[0].record(1);
            perTenant[1].record(bytes);
        }
    }

    void failure() {
        record(failures, 1);
    }

    void deadLettered() {
        record(dlq, 1);
    }

    private Sensor[] tenantSensors(String tenant) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("tenant", tenant);
        Sensor records = metrics.addSensor("tenant-records-sent." + tenant);
        records.add(name("tenant-records-sent-total", "records of the tenant acknowledged by the target, total", tags),
                new CumulativeSum());
        Sensor bytes = metrics.addSensor("tenant-bytes-sent." + tenant);
        bytes.add(name("tenant-bytes-sent-total", "serialized key and value bytes of the tenant acknowledged by the "
                + "target, total", tags), new CumulativeSum());
        return new Sensor[] {records, bytes};
    }

    private static void record(Sensor sensor, double value) {
        if (sensor != null) {
            sensor.record(value);
        }
    }

    private Sensor sensor(String name, String description) {
        if (metrics == null) {
            return null;
        }
        Sensor sensor = metrics.addSensor(name);
        sensor.add(name(name + "-rate", description + ", per second", Map.of()), new Rate());
        sensor.add(name(name + "-total", description + ", total", Map.of()), new CumulativeSum());
        return sensor;
    }

    private MetricName name(String name, String description, Map<String, String> tags) {
        return metrics.metricName(name, description, new LinkedHashMap<>(tags));
    }

    /** Plugin metrics of the task context, or null when the worker offers none. */
    static PluginMetrics of(SinkTaskContext context) {
        try {
            return context == null ? null : context.pluginMetrics();
        } catch (RuntimeException | AbstractMethodError e) {
            LOG.info("Plugin metrics are not available ({}); metrics are not reported", e.toString());
            return null;
        }
    }
}
