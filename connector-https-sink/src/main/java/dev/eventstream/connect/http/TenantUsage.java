package dev.eventstream.connect.http;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivered records and rendered bytes per tenant ({@code eventstream.tenant} header; records without it count
 * under {@link #UNKNOWN_TENANT}). Kept in memory for the usage-tracking publisher. Thread-safe.
 */
public final class TenantUsage {

    public static final String UNKNOWN_TENANT = "";

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Counts of one tenant. */
    public record Usage(long records, long bytes) {
    }

    private static final class Counter {
        final LongAdder records = new LongAdder();
        final LongAdder bytes = new LongAdder();
    }

    /** Counts {@code record} as delivered with an estimated {@code bytes} share of its body. */
    void delivered(SinkRecord record, long bytes) {
        Counter counter = counters.computeIfAbsent(tenantOf(record), t -> new Counter());
        counter.records.increment();
        counter.bytes.add(bytes);
    }

    /** A snapshot, by tenant. */
    public Map<String, Usage> snapshot() {
        Map<String, Usage> out = new TreeMap<>();
        counters.forEach((tenant, c) -> out.put(tenant, new Usage(c.records.sum(), c.bytes.sum())));
        return out;
    }

    static String tenantOf(SinkRecord record) {
        Header header = record.headers().lastWithName(EventStreamHeaders.TENANT);
        if (header == null || header.value() == null) {
            return UNKNOWN_TENANT;
        }
        Object value = header.value();
        if (value instanceof byte[]) {
            return new String((byte[]) value, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value.toString();
    }
}
