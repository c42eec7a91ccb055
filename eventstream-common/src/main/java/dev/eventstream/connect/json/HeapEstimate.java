package dev.eventstream.connect.json;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Heap sizes of schemaless Connect values as a 64-bit JVM with compressed references lays them out (12-byte object
 * headers, 4-byte references, 8-byte alignment): estimates that need no walk of a {@link LazyJsonObject}'s unread
 * members. Strings are counted as Latin-1 (one byte a character), which nearly all of an event is.
 */
final class HeapEstimate {

    /** A LazyJsonObject: header, LinkedHashMap's fields and its own. */
    static final long LAZY_OBJECT = 96;
    private static final long ARRAY_HEADER = 16;
    private static final long BOXED = 16;
    private static final long STRING = 24;
    private static final long MAP = 56;
    private static final long MAP_ENTRY = 40;
    private static final long LIST = 24;
    private static final long BIG_DECIMAL = 40;
    private static final long BIG_INTEGER = 40;

    private HeapEstimate() {
    }

    static long array(int length) {
        return align(ARRAY_HEADER + length);
    }

    static long intArray(int length) {
        return align(ARRAY_HEADER + 4L * length);
    }

    static long referenceArray(int length) {
        return intArray(length);
    }

    /** The heap {@code value} keeps reachable, without {@code counted} (a lazy object's source counted already). */
    static long of(Object value, byte[] counted) {
        if (value == null || value instanceof Boolean) {
            return 0; // Boolean.TRUE and FALSE are shared
        }
        if (value instanceof String) {
            return STRING + array(((String) value).length());
        }
        if (value instanceof LazyJsonObject) {
            return ((LazyJsonObject) value).heapBytesBeside(counted);
        }
        if (value instanceof BigDecimal) {
            return BIG_DECIMAL + BIG_INTEGER + intArray((((BigDecimal) value).unscaledValue().bitLength() + 31) / 32);
        }
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            return MAP + referenceArray(tableSize(map.size())) + mapEntries(map, counted);
        }
        if (value instanceof Collection) {
            Collection<?> list = (Collection<?>) value;
            long bytes = LIST + referenceArray(list.size());
            for (Object element : list) {
                bytes += of(element, counted);
            }
            return bytes;
        }
        if (value instanceof byte[]) {
            return array(((byte[]) value).length);
        }
        return BOXED;
    }

    /** The entries of a map, keys and values included. */
    static long mapEntries(Map<?, ?> map, byte[] counted) {
        long bytes = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            bytes += MAP_ENTRY + of(entry.getKey(), counted) + of(entry.getValue(), counted);
        }
        return bytes;
    }

    private static int tableSize(int entries) {
        return Integer.highestOneBit(Math.max(1, entries * 4 / 3) * 2 - 1);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
