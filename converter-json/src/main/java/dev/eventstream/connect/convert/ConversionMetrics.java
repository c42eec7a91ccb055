package dev.eventstream.connect.convert;

import java.util.LinkedHashMap;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * Counts of {@link ConvertValue}: records converted and conversion failures, as KIP-877 plugin metrics (group
 * {@code plugins}, tags {@code connector}, {@code task}, {@code transformation}; in JMX
 * {@code kafka.connect:type=plugins,connector=…,task=…,transformation=…}). Without a registry (a worker that
 * offers none) recording is a no-op.
 */
final class ConversionMetrics {

    private Sensor convertedSensor;
    private Sensor failedSensor;

    /** Registers the metrics; called once by the worker after the transform is configured. */
    void register(PluginMetrics metrics) {
        convertedSensor = sensor(metrics, "records-converted", "records whose value bytes were converted");
        failedSensor = sensor(metrics, "conversion-failures", "records whose value could not be converted");
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

    private static Sensor sensor(PluginMetrics metrics, String name, String description) {
        Sensor sensor = metrics.addSensor(name);
        sensor.add(metrics.metricName(name + "-total", description + ", total", new LinkedHashMap<>()),
                new CumulativeSum());
        sensor.add(metrics.metricName(name + "-rate", description + ", per second", new LinkedHashMap<>()), new Rate());
        return sensor;
    }
}
