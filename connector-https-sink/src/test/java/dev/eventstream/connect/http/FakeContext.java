package dev.eventstream.connect.http;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A SinkTaskContext that records pauses, resumes and DLQ reports. */
final class FakeContext implements SinkTaskContext {

    record Reported(SinkRecord record, Throwable error) {
    }

    final Metrics metrics = new Metrics();
    final Set<TopicPartition> assignment = new LinkedHashSet<>();
    final Set<TopicPartition> paused = Collections.synchronizedSet(new LinkedHashSet<>());
    final List<Reported> reported = new CopyOnWriteArrayList<>();
    final boolean withReporter;
    volatile long timeout = -1;
    /** What the reporter's future of each DLQ write does; acknowledged at once unless a test says otherwise. */
    volatile java.util.function.Function<SinkRecord, CompletableFuture<Void>> dlqWrite =
            record -> CompletableFuture.completedFuture(null);

    FakeContext(boolean withReporter, TopicPartition... partitions) {
        this.withReporter = withReporter;
        assignment.addAll(List.of(partitions));
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void timeout(long timeoutMs) {
        timeout = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    /** Like Connect's WorkerSinkTaskContext: pausing or resuming a partition not assigned is an error. */
    @Override
    public void pause(TopicPartition... partitions) {
        requireAssigned(partitions);
        paused.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        requireAssigned(partitions);
        paused.removeAll(List.of(partitions));
    }

    private void requireAssigned(TopicPartition... partitions) {
        for (TopicPartition partition : partitions) {
            if (!assignment.contains(partition)) {
                throw new IllegalStateException("No current assignment for partition " + partition);
            }
        }
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
            return dlqWrite.apply(record);
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return new PluginMetricsImpl(metrics, Map.of("connector", "test", "task", "0"));
    }

    double metric(String name) {
        return metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
