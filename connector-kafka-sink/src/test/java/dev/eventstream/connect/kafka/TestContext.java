package dev.eventstream.connect.kafka;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A SinkTaskContext with real plugin metrics and, optionally, a DLQ reporter that records what it is given. */
final class TestContext implements SinkTaskContext {

    record Reported(SinkRecord record, Throwable error) {
    }

    final Metrics metrics = new Metrics();
    final List<Reported> reported = new CopyOnWriteArrayList<>();
    private final boolean withReporter;

    TestContext(boolean withReporter) {
        this.withReporter = withReporter;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException("the Kafka sink never rewinds");
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        throw new UnsupportedOperationException("the Kafka sink never rewinds");
    }

    @Override
    public void timeout(long timeoutMs) {
        throw new UnsupportedOperationException("the Kafka sink never asks for a timeout");
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
        throw new UnsupportedOperationException("the Kafka sink never pauses");
    }

    @Override
    public void resume(TopicPartition... partitions) {
        throw new UnsupportedOperationException("the Kafka sink never pauses");
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!withReporter) {
            return null;
        }
        return (record, error) -> {
            reported.add(new Reported(record, error));
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return new PluginMetricsImpl(metrics, new LinkedHashMap<>(Map.of("connector", "test", "task", "0")));
    }

    /** The value of the metric {@code name} with the given tags (besides the context's), or null. */
    Object metric(String name, Map<String, String> tags) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .map(e -> e.getValue().metricValue())
                .findFirst().orElse(null);
    }
}
