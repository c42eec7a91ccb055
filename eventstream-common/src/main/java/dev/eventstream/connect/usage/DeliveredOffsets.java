package dev.eventstream.connect.usage;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a connector delivered each consumed topic partition. {@link #delivered} moves a partition's highest
 * delivered offset, which the publisher publishes once the usage totals that include those deliveries were
 * acknowledged (so a published mark never covers a delivery the usage topic does not count). When partitions are
 * {@link #opened}, their redelivery bound becomes the highest offset known to be delivered, by this task instance or
 * by earlier ones (their published marks): a record delivered at or below it is a redelivery. The bound moves only
 * then, so acknowledgements that arrive out of offset order (the Kafka sink's, across target partitions) are not
 * mistaken for redeliveries. Thread-safe.
 */
public final class DeliveredOffsets {

    private final Map<TopicPartition, AtomicLong> highest = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> published = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> bounds = new ConcurrentHashMap<>();

    /** The redelivery bound of {@code partition}: records at or below it were delivered before; -1 when none. */
    public long mark(TopicPartition partition) {
        return bounds.getOrDefault(partition, -1L);
    }

    /** Records that {@code partition} was delivered up to {@code offset}. */
    public void delivered(TopicPartition partition, long offset) {
        highest.computeIfAbsent(partition, p -> new AtomicLong(-1L)).accumulateAndGet(offset, Math::max);
    }

    /**
     * {@code partitions} were assigned (again): takes on the marks earlier task instances published ({@code earlier},
     * which need no publishing again), and sets the partitions' redelivery bounds.
     */
    public void opened(Collection<TopicPartition> partitions, Map<TopicPartition, Long> earlier) {
        earlier.forEach((partition, offset) -> {
            delivered(partition, offset);
            published.merge(partition, offset, Math::max);
        });
        for (TopicPartition partition : partitions) {
            AtomicLong mark = highest.get(partition);
            if (mark != null) {
                bounds.put(partition, mark.get());
            }
        }
    }

    /** Marks that moved since they were last published. */
    public Map<TopicPartition, Long> unpublished() {
        Map<TopicPartition, Long> out = new HashMap<>();
        highest.forEach((partition, mark) -> {
            long value = mark.get();
            if (value > published.getOrDefault(partition, -1L)) {
                out.put(partition, value);
            }
        });
        return out;
    }

    /** The broker acknowledged {@code partition}'s mark {@code offset}. */
    public void published(TopicPartition partition, long offset) {
        published.merge(partition, offset, Math::max);
    }
}
