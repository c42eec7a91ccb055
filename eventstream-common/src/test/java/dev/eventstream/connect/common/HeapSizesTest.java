package dev.eventstream.connect.common;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeapSizesTest {

    @Test
    void scalarsHaveTheirJvmLayoutSizes() {
        assertThat(HeapSizes.of((Object) null)).isZero();
        assertThat(HeapSizes.of("")).isEqualTo(24 + 16);
        assertThat(HeapSizes.of("abcdefghi")).isEqualTo(24 + 32);
        assertThat(HeapSizes.of(42L)).isEqualTo(16);
        assertThat(HeapSizes.of(4.2)).isEqualTo(16);
        assertThat(HeapSizes.of(true)).isZero();
        assertThat(HeapSizes.of(new byte[100])).isEqualTo(120);
        assertThat(HeapSizes.of(new BigDecimal("12.50"))).isEqualTo(40);
        assertThat(HeapSizes.of(new BigDecimal("12345678901234567890.5"))).isEqualTo(40 + 40 + 32);
        assertThat(HeapSizes.of(BigInteger.ONE.shiftLeft(100))).isEqualTo(40 + 32);
    }

    @Test
    void containersCountTheirTablesEntriesAndEveryValue() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", "EventEstablished");
        map.put("seq", 7L);
        // the keys are field names, shared between records: not counted
        long expectedMap = 56 + 16 + 4 * 16 + 2 * 40 + (24 + 32) + 16;
        assertThat(HeapSizes.of(map)).isEqualTo(expectedMap);

        List<Object> list = new ArrayList<>(List.of("ab", 1L));
        assertThat(HeapSizes.of(list)).isEqualTo(24 + 24 + (24 + 24) + 16);

        Schema schema = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA)
                .field("b", Schema.OPTIONAL_INT64_SCHEMA).build();
        Struct struct = new Struct(schema).put("a", "xy");
        assertThat(HeapSizes.of(struct)).isEqualTo(24 + 24 + (24 + 24));
    }

    @Test
    void aMapKeyThatIsNotAFieldNameIsCounted() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(123_456L, "ab");
        assertThat(HeapSizes.of(map)).isEqualTo(56 + 16 + 4 * 16 + 40 + 16 + (24 + 24));
    }

    @Test
    void aParsedOneKilobyteEventTakesSeveralTimesItsTextOnTheHeap() {
        Map<String, Object> event = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            event.put("field" + i, i % 2 == 0 ? "value-" + "x".repeat(20) : (Object) (long) i);
        }
        assertThat(HeapSizes.of(event)).isBetween(2_500L, 5_000L);
    }

    @Test
    void aHeapSizedValueReportsItselfAndIsNotWalked() {
        HeapSized lazy = new LazyMap(12_345);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("k", lazy);

        assertThat(HeapSizes.of(lazy)).isEqualTo(12_345);
        assertThat(HeapSizes.of(outer)).isEqualTo(56 + 16 + 4 * 16 + 40 + 12_345);
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        List<Object> root = new ArrayList<>();
        List<Object> current = root;
        for (int i = 0; i < 100_000; i++) {
            List<Object> next = new ArrayList<>();
            current.add(next);
            current = next;
        }
        assertThat(HeapSizes.of(root)).isEqualTo(100_000L * (24 + 24) + 24 + 16);
    }

    @Test
    void aRecordCountsItselfItsKeyValueAndHeaders() {
        SinkRecord record = new SinkRecord("t", 0, null, "acme:1", null, "v", 5L);
        long bare = HeapSizes.of(record);
        assertThat(bare).isEqualTo(HeapSizes.RECORD + (24 + 24) + (24 + 24));

        record.headers().addString("eventstream.tenant", "acme");
        assertThat(HeapSizes.of(record)).isEqualTo(bare + HeapSizes.HEADER_ENTRY + (24 + 40) + (24 + 24));
    }

    /** A map that refuses to be walked, as a lazy value must not be. */
    private static final class LazyMap extends LinkedHashMap<String, Object> implements HeapSized {
        private final long bytes;

        LazyMap(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public long heapBytes() {
            return bytes;
        }

        @Override
        public java.util.Set<Map.Entry<String, Object>> entrySet() {
            throw new AssertionError("walked");
        }
    }
}
