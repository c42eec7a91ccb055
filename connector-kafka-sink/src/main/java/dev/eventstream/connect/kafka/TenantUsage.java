package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records and bytes (serialized key + value) delivered to the target, per tenant ({@code eventstream.tenant}
 * header; records without it count under {@link #UNKNOWN_TENANT}). Kept in memory for the usage-tracking
 * publisher. Thread-safe: producer callbacks add, anyone reads.
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

    void delivered(String tenant, long bytes) {
        Counter counter = counters.computeIfAbsent(tenant, t -> new Counter());
        counter.records.increment();
        counter.bytes.add(bytes);
    }

    /** A snapshot, by tenant. */
    public Map<String, Usage> snapshot() {
        Map<String, Usage> out = new TreeMap<>();
        counters.forEach((tenant, c) -> out.put(tenant, new Usage(c.records.sum(), c.bytes.sum())));
        return out;
    }

    /** The record's tenant (last {@code eventstream.tenant} header), or {@link #UNKNOWN_TENANT}. */
    static String tenantOf(SinkRecord record) {
        String tenant = tenantOrNull(record);
        return tenant == null ? UNKNOWN_TENANT : tenant;
    }

    /** The record's tenant (last {@code eventstream.tenant} header), or null when it has none. */
    static String tenantOrNull(SinkRecord record) {
        Header header = record.headers().lastWithName(EventStreamHeaders.TENANT);
        if (header == null || header.value() == null) {
            return null;
        }
        Object value = header.value();
        if (value instanceof byte[]) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer) {
            return StandardCharsets.UTF_8.decode(((ByteBuffer) value).duplicate()).toString();
        }
        return value.toString();
    }
}
