package dev.eventstream.connect.convert;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * Counts of {@link ConvertValue}: records converted and conversion failures, as KIP-877 plugin metrics (group
 * {@code plugins}, tags {@code connector}, {@code task}, {@code transformation}; in JMX
 * {@code kafka.connect:type=plugins,connector=…,task=…,transformation=…}). Without a registry (a worker that
 * offers none) recording is a no-op.
 *
 * <p>Sensor names are made unique per instance: a worker's sensors live in one registry by name, and
 * {@code PluginMetrics.addSensor} does not qualify the name by the plugin's tags, so two tasks asking for the same
 * name would share one sensor and each count the other's records.
 */
final class ConversionMetrics {

    private static final AtomicLong INSTANCES = new AtomicLong();
    private final String sensorPrefix = "convert-value-" + INSTANCES.incrementAndGet() + ".";

    private Sensor convertedSensor;
    private Sensor failedSensor;

    /** Registers the metrics; called once by the worker after the transform is configured. */
    void register(PluginMetrics metrics) {
        convertedSensor = sensor(metrics, "records-converted", "records whose value bytes were converted");
        failedSensor = sensor(metrics, "conversion-failures", "records whose value could not be converted");
    }

    private Sensor sensor(PluginMetrics metrics, String name, String description) {
        Sensor sensor = metrics.addSensor(sensorPrefix + name);
        sensor.add(metrics.metricName(name + "-total", description + ", total", new LinkedHashMap<>()),
                new CumulativeSum());
        sensor.add(metrics.metricName(name + "-rate", description + ", per second", new LinkedHashMap<>()), new Rate());
        return sensor;
    }

    void converted() {
        if (convertedSensor != null) {
            convertedSensor.record(1);
        }
    }

    void failed() {
        if (failedSensor != null) {
            failedSensor.record(1);
        }
    }
}
