package dev.eventstream.connect.http;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * The task's metrics through Connect's plugin metrics (KIP-877): records and bytes sent, requests, retries,
 * failures, DLQ'd records, request latency and buffered bytes. Without a metrics registry (tests, old workers)
 * every record call is a no-op.
 */
final class SinkMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMetrics.class);

    private final PluginMetrics metrics;
    private final Sensor recordsSent;
    private final Sensor bytesSent;
    private final Sensor uncompressedBytes;
    private final Sensor requests;
    private final Sensor retries;
    private final Sensor failures;
    private final Sensor dlq;
    private final Sensor latency;

    private SinkMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
        this.recordsSent = sensor("records-sent", "records delivered (2xx)");
        this.bytesSent = sensor("bytes-sent", "request body bytes on the wire (after compression)");
        this.uncompressedBytes = sensor("bytes-rendered", "uncompressed JSON body bytes delivered");
        this.requests = sensor("requests", "HTTP requests made");
        this.retries = sensor("retries", "requests retried after a retriable failure");
        this.failures = sensor("failures", "batches that failed for good (non-retriable status or budget spent)");
        this.dlq = sensor("dlq-records", "records reported to the dead letter queue");
        this.latency = metrics == null ? null : metrics.addSensor("request-latency");
        if (latency != null) {
            latency.add(name("request-latency-avg", "average request latency in ms"), new Avg());
            latency.add(name("request-latency-max", "maximum request latency in ms"), new Max());
        }
    }

    static SinkMetrics create(PluginMetrics metrics) {
        return new SinkMetrics(metrics);
    }

    /** Registers the buffered-bytes gauge. */
    void bufferedBytes(LongSupplier supplier) {
        if (metrics != null) {
            metrics.addMetric(name("buffered-bytes", "estimated bytes of records buffered, not yet delivered"),
                    (Gauge<Long>) (config, now) -> supplier.getAsLong());
        }
    }

    void delivered(int records, int wireBytes, int renderedBytes) {
        record(recordsSent, records);
        record(bytesSent, wireBytes);
        record(uncompressedBytes, renderedBytes);
    }

    void request(long latencyMs) {
        record(requests, 1);
        record(latency, latencyMs);
    }

    void retry() {
        record(retries, 1);
    }

    void failure() {
        record(failures, 1);
    }

    void deadLettered(int records) {
        record(dlq, records);
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
        sensor.add(name(name + "-rate", description + ", per second"), new Rate());
        sensor.add(name(name + "-total", description + ", total"), new CumulativeSum());
        return sensor;
    }

    private MetricName name(String name, String description) {
        return metrics.metricName(name, description, new LinkedHashMap<>());
    }

    /** Plugin metrics of the task context, or null when the worker offers none. */
    static PluginMetrics of(org.apache.kafka.connect.sink.SinkTaskContext context) {
        try {
            return context == null ? null : context.pluginMetrics();
        } catch (RuntimeException | AbstractMethodError e) {
            LOG.info("Plugin metrics are not available ({}); metrics are not reported", e.toString());
            return null;
        }
    }
}
