package dev.eventstream.connect.common;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Delivered records and bytes per tenant ({@code eventstream.tenant} header; records without it count under
 * {@link #UNKNOWN_TENANT}), kept in memory by each sink task for usage tracking. Thread-safe.
 */
public final class TenantUsage {

    /** Where records without a tenant are counted. */
    public static final String UNKNOWN_TENANT = "";

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Counts of one tenant. */
    public record Usage(long records, long bytes) {
    }

    private static final class Counter {
        final LongAdder records = new LongAdder();
        final LongAdder bytes = new LongAdder();
    }

    /** Counts {@code record} as delivered with {@code bytes} (its share of what was sent). */
    public void delivered(SinkRecord record, long bytes) {
        String tenant = EventStreamHeaders.tenant(record.headers());
        Counter counter = counters.computeIfAbsent(tenant == null ? UNKNOWN_TENANT : tenant, t -> new Counter());
        counter.records.increment();
        counter.bytes.add(bytes);
    }

    /** A snapshot, by tenant. */
    public Map<String, Usage> snapshot() {
        Map<String, Usage> out = new TreeMap<>();
        counters.forEach((tenant, c) -> out.put(tenant, new Usage(c.records.sum(), c.bytes.sum())));
        return out;
    }
}
