package dev.eventstream.connect.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink task's metrics in Connect's plugin metrics (KIP-877), safe against two traits of the worker-wide registry
 * behind them. Sensors are looked up by name across the whole worker, so two tasks asking for {@code records-sent}
 * would share one sensor and each count the other's records: sensors here get a name unique to this task instance.
 * And a task restarted while its previous instance is still stopping finds its metric names taken ("A metric named
 * ... already exists"), which would fail the new task: such a metric is registered later instead, at the first
 * {@link #record} after the previous instance released it (checked at most once a second).
 * Without a registry (unit tests, workers before 4.1) every call is a no-op. Thread-safe.
 */
public final class TaskMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);
    private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PluginMetrics metrics;
    private final LongSupplier nanoClock;
    private final String instance = UUID.randomUUID().toString();
    /** Registrations refused because the previous instance of the task still holds the name. */
    private final List<Registration> deferred = new ArrayList<>();
    private volatile boolean anyDeferred;
    private volatile long nextRetryNanos;

    /** A metric to register: returns false when its name is still taken. */
    private interface Registration {
        boolean tryRegister();
    }

    public TaskMetrics(PluginMetrics metrics) {
        this(metrics, System::nanoTime);
    }

    TaskMetrics(PluginMetrics metrics, LongSupplier nanoClock) {
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Metrics of the task context's plugin metrics, or no-op metrics when the worker offers none. */
    public static TaskMetrics of(SinkTaskContext context) {
        try {
            return new TaskMetrics(context == null ? null : context.pluginMetrics());
        } catch (RuntimeException | AbstractMethodError e) {
            LOG.info("Plugin metrics are not available ({}); metrics are not reported", e.toString());
            return new TaskMetrics(null);
        }
    }

    /** A sensor with {@code <name>-rate} (per second) and {@code <name>-total} metrics; null without a registry. */
    public Sensor counter(String name, String description, Map<String, String> tags) {
        Sensor sensor = sensor(name + tagSuffix(tags));
        stat(sensor, name + "-rate", description + ", per second", tags, new Rate());
        stat(sensor, name + "-total", description + ", total", tags, new CumulativeSum());
        return sensor;
    }

    /** A sensor of this task instance (null without a registry); add its metrics with {@link #stat}. */
    public Sensor sensor(String name) {
        return metrics == null ? null : metrics.addSensor(name + "." + instance);
    }

    /** Adds the metric {@code name} measured by {@code stat} to {@code sensor} (deferred while the name is taken). */
    public void stat(Sensor sensor, String name, String description, Map<String, String> tags, MeasurableStat stat) {
        if (sensor != null) {
            MetricName metricName = metricName(name, description, tags);
            register(() -> sensor.add(metricName, stat));
        }
    }

    /** Registers a gauge reading {@code supplier} (deferred while the name is taken). */
    public void gauge(String name, String description, LongSupplier supplier) {
        if (metrics != null) {
            MetricName metricName = metricName(name, description, Map.of());
            register(() -> {
                metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> supplier.getAsLong());
                return true;
            });
        }
    }

    /** Records {@code value} on {@code sensor} (null: no registry); first registers deferred metrics when due. */
    public void record(Sensor sensor, double value) {
        if (anyDeferred) {
            retryDeferred();
        }
        if (sensor != null) {
            sensor.record(value);
        }
    }

    private void register(Registration registration) {
        if (!attempt(registration)) {
            synchronized (deferred) {
                deferred.add(registration);
                anyDeferred = true;
                nextRetryNanos = nanoClock.getAsLong() + RETRY_INTERVAL_NANOS;
            }
        }
    }

    private void retryDeferred() {
        if (nanoClock.getAsLong() - nextRetryNanos < 0) {
            return;
        }
        synchronized (deferred) {
            deferred.removeIf(TaskMetrics::attempt);
            anyDeferred = !deferred.isEmpty();
            nextRetryNanos = nanoClock.getAsLong() + RETRY_INTERVAL_NANOS;
        }
    }

    private static boolean attempt(Registration registration) {
        try {
            return registration.tryRegister();
        } catch (IllegalArgumentException taken) {
            LOG.debug("Metric registration deferred: {}", taken.getMessage());
            return false;
        }
    }

    private MetricName metricName(String name, String description, Map<String, String> tags) {
        return metrics.metricName(name, description, new LinkedHashMap<>(tags));
    }

    private static String tagSuffix(Map<String, String> tags) {
        StringBuilder suffix = new StringBuilder();
        tags.forEach((key, value) -> suffix.append('.').append(key).append('=').append(value));
        return suffix.toString();
    }
}
