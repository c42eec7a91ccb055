package dev.eventstream.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against Kafka's own worker-wide registry ({@link Metrics}) and per-task {@link PluginMetricsImpl}, as a worker has. */
class TaskMetricsTest {

    private final Metrics registry = new Metrics();
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void twoTasksOfOneWorkerCountOnlyTheirOwnRecords() {
        TaskMetrics acme = new TaskMetrics(pluginMetrics("es-acme-crm", "0"), nanos::get);
        TaskMetrics globex = new TaskMetrics(pluginMetrics("es-globex-lake", "0"), nanos::get);
        Sensor acmeSent = acme.counter("records-sent", "records delivered", Map.of());
        Sensor globexSent = globex.counter("records-sent", "records delivered", Map.of());

        acme.record(acmeSent, 5);
        globex.record(globexSent, 2);

        assertThat(value("records-sent-total", "es-acme-crm", "0")).isEqualTo(5.0);
        assertThat(value("records-sent-total", "es-globex-lake", "0")).isEqualTo(2.0);
    }

    @Test
    void aTaskRestartedOverItsStoppingInstanceStartsAndRegistersOnceTheOldOneReleasedItsNames() throws Exception {
        PluginMetricsImpl oldInstance = pluginMetrics("es-acme-crm", "0");
        TaskMetrics previous = new TaskMetrics(oldInstance, nanos::get);
        previous.gauge("buffered-bytes", "bytes buffered", () -> 111);
        previous.record(previous.counter("records-sent", "records delivered", Map.of()), 7);

        TaskMetrics restarted = new TaskMetrics(pluginMetrics("es-acme-crm", "0"), nanos::get);
        restarted.gauge("buffered-bytes", "bytes buffered", () -> 222);
        Sensor sent = restarted.counter("records-sent", "records delivered", Map.of());
        restarted.record(sent, 1);
        assertThat(value("buffered-bytes", "es-acme-crm", "0")).isEqualTo(111L);
        assertThat(value("records-sent-total", "es-acme-crm", "0")).isEqualTo(7.0);

        oldInstance.close();
        restarted.record(sent, 1);
        assertThat(metric("buffered-bytes", "es-acme-crm", "0")).as("retried at most once a second").isNull();

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        restarted.record(sent, 3);
        assertThat(value("buffered-bytes", "es-acme-crm", "0")).isEqualTo(222L);
        assertThat(value("records-sent-total", "es-acme-crm", "0")).isEqualTo(3.0);
    }

    @Test
    void withoutARegistryEveryCallIsANoOp() {
        TaskMetrics none = new TaskMetrics(null);
        Sensor sensor = none.counter("records-sent", "records delivered", Map.of());
        none.gauge("buffered-bytes", "bytes buffered", () -> 1);
        none.record(sensor, 1);
        assertThat(sensor).isNull();
    }

    private PluginMetricsImpl pluginMetrics(String connector, String task) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("connector", connector);
        tags.put("task", task);
        return new PluginMetricsImpl(registry, tags);
    }

    private KafkaMetric metric(String name, String connector, String task) {
        return registry.metrics().entrySet().stream()
            .filter(e -> e.getKey().name().equals(name))
            .filter(e -> connector.equals(e.getKey().tags().get("connector")) && task.equals(e.getKey().tags().get("task")))
            .map(Map.Entry::getValue)
            .findFirst().orElse(null);
    }

    private Object value(String name, String connector, String task) {
        KafkaMetric metric = metric(name, connector, task);
        assertThat(metric).as(name + " of " + connector + "/" + task).isNotNull();
        MetricName metricName = metric.metricName();
        assertThat(metricName.group()).isEqualTo("plugins");
        return metric.metricValue();
    }
}
