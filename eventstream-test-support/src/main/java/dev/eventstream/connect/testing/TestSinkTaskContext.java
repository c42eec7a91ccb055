package dev.eventstream.connect.testing;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link SinkTaskContext} for sink task unit tests: real plugin metrics (a Kafka {@link Metrics} registry), an
 * assignment, the pauses and resumes a task asks for, the poll timeout it last set, and, optionally, an errant record
 * reporter that records what it is given. The fields are public so tests read (and script) them directly.
 */
public final class TestSinkTaskContext implements SinkTaskContext {

    /** One record handed to the errant record reporter, with the reason it was given. */
    public record Reported(SinkRecord record, Throwable error) {
    }

    public final Metrics metrics = new Metrics();
    public final Set<TopicPartition> assignment = new LinkedHashSet<>();
    public final Set<TopicPartition> paused = Collections.synchronizedSet(new LinkedHashSet<>());
    public final List<Reported> reported = new CopyOnWriteArrayList<>();
    /** The last {@link #timeout(long)} asked for, -1 before any. */
    public volatile long timeout = -1;
    /** What the reporter's future of each DLQ write does; acknowledged at once unless a test says otherwise. */
    public volatile Function<SinkRecord, CompletableFuture<Void>> dlqWrite =
            record -> CompletableFuture.completedFuture(null);
    private final boolean withReporter;

    /**
     * @param withReporter whether the worker offers an errant record reporter (errors.tolerance=all with a DLQ)
     * @param partitions   the initial assignment
     */
    public TestSinkTaskContext(boolean withReporter, TopicPartition... partitions) {
        this.withReporter = withReporter;
        assignment.addAll(List.of(partitions));
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        throw new UnsupportedOperationException("the suite's sinks never rewind their consumer");
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        throw new UnsupportedOperationException("the suite's sinks never rewind their consumer");
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
        return new PluginMetricsImpl(metrics, new LinkedHashMap<>(Map.of("connector", "test", "task", "0")));
    }

    /** The value of the metric {@code name}; fails the test when there is none. */
    public double metric(String name) {
        Object value = metric(name, Map.of());
        if (value == null) {
            throw new AssertionError("no metric " + name);
        }
        return ((Number) value).doubleValue();
    }

    /** The value of the metric {@code name} with the given tags (besides the context's), or null. */
    public Object metric(String name, Map<String, String> tags) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .map(e -> e.getValue().metricValue())
                .findFirst().orElse(null);
    }

    private void requireAssigned(TopicPartition... partitions) {
        for (TopicPartition partition : partitions) {
            if (!assignment.contains(partition)) {
                throw new IllegalStateException("No current assignment for partition " + partition);
            }
        }
    }
}
