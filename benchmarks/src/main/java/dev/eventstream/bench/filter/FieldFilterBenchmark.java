package dev.eventstream.bench.filter;

import dev.eventstream.connect.filter.FieldFilter;
import dev.eventstream.connect.filter.FieldMatches;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.apache.kafka.connect.transforms.predicates.TopicNameMatches;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * ns per record of FieldFilter$Value against Kafka's built-in transforms doing the same work on the same
 * voice-call-like record (14 top-level fields), schemaless (Map) and with a schema (Struct), in the same run:
 * <ul>
 *   <li>drop two top-level fields: FieldFilter {@code fields.drop} vs ReplaceField$Value {@code exclude};</li>
 *   <li>mask two top-level fields: FieldFilter {@code fields.mask} vs MaskField$Value (same replacement);</li>
 *   <li>a chain that keeps the record by a predicate, drops one field and masks two: Filter (negated
 *       FieldMatches on {@code id}) + FieldFilter vs Filter (negated TopicNameMatches) + ReplaceField + MaskField
 *       (Kafka's predicates cannot read the value: TopicNameMatches is the nearest built-in);</li>
 *   <li>FieldFilter for a 3-level nested path (Call.UserData.CreditCard), which no built-in can express.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FieldFilterBenchmark {

    private static final String TOP_LEVEL = "ANI,DNIS";
    private static final String NESTED = "Call.UserData.CreditCard";

    private static final Schema USER_DATA = SchemaBuilder.struct().name("UserData")
            .field("CreditCard", Schema.OPTIONAL_STRING_SCHEMA).field("Segment", Schema.OPTIONAL_STRING_SCHEMA)
            .field("Pin", Schema.OPTIONAL_INT32_SCHEMA).build();
    private static final Schema CALL = SchemaBuilder.struct().name("Call")
            .field("uuid", Schema.STRING_SCHEMA).field("state", Schema.STRING_SCHEMA)
            .field("UserData", USER_DATA).build();
    private static final Schema EVENT = buildEventSchema();

    private static final String MASK_REPLACEMENT = "****";
    private static final String CHAIN_DROP = "attr0";

    private Transformation<SinkRecord> replaceField;
    private Transformation<SinkRecord> maskField;
    private Transformation<SinkRecord> fieldFilterMask;
    private List<AutoCloseable> chainPlugins;
    private List<UnaryOperator<SinkRecord>> kafkaChain;
    private List<UnaryOperator<SinkRecord>> ourChain;
    private Transformation<SinkRecord> fieldFilter;
    private Transformation<SinkRecord> fieldFilterNested;
    private Transformation<SinkRecord> fieldFilterHash;
    private SinkRecord mapRecord;
    private SinkRecord structRecord;

    private static Schema buildEventSchema() {
        SchemaBuilder builder = SchemaBuilder.struct().name("CallEvent")
                .field("id", Schema.STRING_SCHEMA).field("ANI", Schema.STRING_SCHEMA).field("DNIS", Schema.STRING_SCHEMA)
                .field("Call", CALL);
        for (int i = 0; i < 10; i++) {
            builder.field("attr" + i, i % 2 == 0 ? Schema.STRING_SCHEMA : Schema.INT64_SCHEMA);
        }
        return builder.build();
    }

    @Setup(Level.Trial)
    public void setUp() {
        replaceField = configure(new ReplaceField.Value<>(), Map.of("exclude", TOP_LEVEL));
        fieldFilter = configure(new FieldFilter.Value<>(), Map.of("fields.drop", TOP_LEVEL));
        fieldFilterNested = configure(new FieldFilter.Value<>(), Map.of("fields.drop", NESTED));
        fieldFilterHash = configure(new FieldFilter.Value<>(), Map.of("fields.hash", TOP_LEVEL,
                "fields.hash.secret", "benchmark-pii-hash-secret"));
        maskField = configure(new MaskField.Value<>(), Map.of("fields", TOP_LEVEL, "replacement", MASK_REPLACEMENT));
        fieldFilterMask = configure(new FieldFilter.Value<>(), Map.of("fields.mask", TOP_LEVEL,
                "fields.mask.replacement", MASK_REPLACEMENT));
        Predicate<SinkRecord> topicMatches = configure(new TopicNameMatches<>(), Map.of("pattern", "voice-.*"));
        Predicate<SinkRecord> idMatches = configure(new FieldMatches<>(), Map.of("field", "id", "patterns", "Event*"));
        Transformation<SinkRecord> filter = configure(new Filter<>(), Map.of());
        Transformation<SinkRecord> chainReplace = configure(new ReplaceField.Value<>(), Map.of("exclude", CHAIN_DROP));
        Transformation<SinkRecord> chainMask = configure(new MaskField.Value<>(), Map.of("fields", TOP_LEVEL,
                "replacement", MASK_REPLACEMENT));
        Transformation<SinkRecord> chainFieldFilter = configure(new FieldFilter.Value<>(), Map.of("fields.drop", CHAIN_DROP,
                "fields.mask", TOP_LEVEL, "fields.mask.replacement", MASK_REPLACEMENT));
        chainPlugins = List.of(topicMatches, idMatches, filter, chainReplace, chainMask, chainFieldFilter);
        kafkaChain = List.of(keepMatching(topicMatches, filter), chainReplace::apply, chainMask::apply);
        ourChain = List.of(keepMatching(idMatches, filter), chainFieldFilter::apply);

        Struct struct = new Struct(EVENT).put("id", "EventEstablished").put("ANI", "+15551234567")
                .put("DNIS", "+15557654321")
                .put("Call", new Struct(CALL).put("uuid", "0a1b2c3d").put("state", "established")
                        .put("UserData", new Struct(USER_DATA).put("CreditCard", "4111111111111111")
                                .put("Segment", "gold").put("Pin", 1234)));
        for (int i = 0; i < 10; i++) {
            struct.put("attr" + i, i % 2 == 0 ? (Object) ("value-" + i) : (Object) (long) i);
        }
        structRecord = new SinkRecord("voice-callthread", 0, null, "acme:call-1", EVENT, struct, 42L);
        mapRecord = new SinkRecord("voice-callthread", 0, null, "acme:call-1", null, toMap(struct), 42L);
    }

    private static Transformation<SinkRecord> configure(Transformation<SinkRecord> transform, Map<String, String> props) {
        transform.configure(props);
        return transform;
    }

    private static Predicate<SinkRecord> configure(Predicate<SinkRecord> predicate, Map<String, String> props) {
        predicate.configure(props);
        return predicate;
    }

    /** Connect's Filter with {@code negate=true}: the stage runs Filter (which drops) on records the predicate does not match. */
    private static UnaryOperator<SinkRecord> keepMatching(Predicate<SinkRecord> keep, Transformation<SinkRecord> filter) {
        return record -> keep.test(record) ? record : filter.apply(record);
    }

    private static SinkRecord applyChain(List<UnaryOperator<SinkRecord>> chain, SinkRecord record) {
        SinkRecord current = record;
        for (UnaryOperator<SinkRecord> stage : chain) {
            current = stage.apply(current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Object toMap(Object value) {
        if (!(value instanceof Struct)) {
            return value;
        }
        Struct struct = (Struct) value;
        Map<String, Object> map = new LinkedHashMap<>();
        struct.schema().fields().forEach(field -> map.put(field.name(), toMap(struct.get(field))));
        return map;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (Transformation<SinkRecord> transform : List.of(replaceField, fieldFilter, fieldFilterNested, fieldFilterHash, maskField, fieldFilterMask)) {
            transform.close();
        }
        for (AutoCloseable plugin : chainPlugins) {
            plugin.close();
        }
    }

    @Benchmark
    public SinkRecord replaceFieldTopLevelMap() {
        return replaceField.apply(mapRecord);
    }

    @Benchmark
    public SinkRecord fieldFilterTopLevelMap() {
        return fieldFilter.apply(mapRecord);
    }

    @Benchmark
    public SinkRecord replaceFieldTopLevelStruct() {
        return replaceField.apply(structRecord);
    }

    @Benchmark
    public SinkRecord fieldFilterTopLevelStruct() {
        return fieldFilter.apply(structRecord);
    }

    @Benchmark
    public SinkRecord fieldFilterNestedMap() {
        return fieldFilterNested.apply(mapRecord);
    }

    @Benchmark
    public SinkRecord fieldFilterNestedStruct() {
        return fieldFilterNested.apply(structRecord);
    }

    /** HMAC-SHA256 of two phone numbers: no built-in hashes. */
    @Benchmark
    public SinkRecord fieldFilterHashTopLevelMap() {
        return fieldFilterHash.apply(mapRecord);
    }

    @Benchmark
    public SinkRecord maskFieldTopLevelMap() {
        return maskField.apply(mapRecord);
    }

    @Benchmark
    public SinkRecord fieldFilterMaskTopLevelMap() {
        return fieldFilterMask.apply(mapRecord);
    }

    @Benchmark
    public SinkRecord maskFieldTopLevelStruct() {
        return maskField.apply(structRecord);
    }

    @Benchmark
    public SinkRecord fieldFilterMaskTopLevelStruct() {
        return fieldFilterMask.apply(structRecord);
    }

    @Benchmark
    public SinkRecord kafkaBuiltInChainMap() {
        return applyChain(kafkaChain, mapRecord);
    }

    @Benchmark
    public SinkRecord ourChainMap() {
        return applyChain(ourChain, mapRecord);
    }

    @Benchmark
    public SinkRecord kafkaBuiltInChainStruct() {
        return applyChain(kafkaChain, structRecord);
    }

    @Benchmark
    public SinkRecord ourChainStruct() {
        return applyChain(ourChain, structRecord);
    }
}
