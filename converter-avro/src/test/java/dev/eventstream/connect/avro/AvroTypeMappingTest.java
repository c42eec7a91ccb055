package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Avro type and logical type: the Connect schema and value it becomes, and the exact bytes it goes back to.
 * Each case is a record with one field {@code v} of the type, sent in Confluent framing through a registry stub.
 */
class AvroTypeMappingTest {

    private static final String TOPIC = "types";

    private RegistryStub registry;
    private AvroConverter converter;

    @BeforeEach
    void start() throws Exception {
        registry = RegistryStub.http();
        converter = new AvroConverter();
        converter.configure(Map.of(AvroConverterConfig.REGISTRY_URL, registry.url()), false);
    }

    @AfterEach
    void stop() {
        converter.close();
        registry.close();
    }

    static Schema logical(org.apache.avro.LogicalType logicalType, Schema.Type type) {
        return logicalType.addToSchema(Schema.create(type));
    }

    static Schema fixed(String name, int size) {
        return Schema.createFixed(name, null, "test", size);
    }

    static Schema recordOf(Schema fieldSchema) {
        return SchemaBuilder.record("Holder").namespace("test").fields()
                .name("v").type(fieldSchema).noDefault().endRecord();
    }

    static Stream<Arguments> cases() {
        Schema enumSchema = Schema.createEnum("Color", null, "test", List.of("RED", "GREEN", "BLUE"));
        Schema fixed4 = fixed("Id4", 4);
        Schema decimalFixed = LogicalTypes.decimal(18, 3).addToSchema(fixed("Amount", 8));
        Schema nested = SchemaBuilder.record("Inner").namespace("test").fields()
                .requiredString("name").optionalInt("count").endRecord();
        GenericData.Record inner = new GenericData.Record(nested);
        inner.put("name", "n");
        inner.put("count", 3);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", 1L);
        counts.put("b", 2L);
        return Stream.of(
                Arguments.of("boolean", Schema.create(Schema.Type.BOOLEAN), true, true),
                Arguments.of("int", Schema.create(Schema.Type.INT), 42, 42),
                Arguments.of("long", Schema.create(Schema.Type.LONG), -7L, -7L),
                Arguments.of("float", Schema.create(Schema.Type.FLOAT), 1.5f, 1.5f),
                Arguments.of("double", Schema.create(Schema.Type.DOUBLE), 2.25d, 2.25d),
                Arguments.of("string", Schema.create(Schema.Type.STRING), "h\u00e9llo \u2603", "h\u00e9llo \u2603"),
                Arguments.of("bytes", Schema.create(Schema.Type.BYTES), ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}),
                        new byte[] {0, 1, (byte) 0xff}),
                Arguments.of("fixed", fixed4, new GenericData.Fixed(fixed4, new byte[] {9, 8, 7, 6}),
                        new byte[] {9, 8, 7, 6}),
                Arguments.of("enum", enumSchema, new GenericData.EnumSymbol(enumSchema, "GREEN"), "GREEN"),
                Arguments.of("decimal-bytes", LogicalTypes.decimal(9, 2).addToSchema(Schema.create(Schema.Type.BYTES)),
                        AvroTestData.decimalBytes(new BigDecimal("-1234.56"), 2), new BigDecimal("-1234.56")),
                Arguments.of("decimal-fixed", decimalFixed, new GenericData.Fixed(decimalFixed,
                        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                                (byte) 0xcf, (byte) 0xc7}), new BigDecimal("-12.345")),
                Arguments.of("date", logical(LogicalTypes.date(), Schema.Type.INT), 19_844,
                        new java.util.Date(19_844L * 86_400_000L)),
                Arguments.of("time-millis", logical(LogicalTypes.timeMillis(), Schema.Type.INT), 45_296_789,
                        new java.util.Date(45_296_789L)),
                Arguments.of("time-micros", logical(LogicalTypes.timeMicros(), Schema.Type.LONG), 45_296_789_000L,
                        new java.util.Date(45_296_789L)),
                Arguments.of("timestamp-millis", logical(LogicalTypes.timestampMillis(), Schema.Type.LONG),
                        1_714_557_600_123L, new java.util.Date(1_714_557_600_123L)),
                Arguments.of("timestamp-micros", logical(LogicalTypes.timestampMicros(), Schema.Type.LONG),
                        1_714_557_600_123_000L, new java.util.Date(1_714_557_600_123L)),
                Arguments.of("timestamp-nanos", logical(LogicalTypes.timestampNanos(), Schema.Type.LONG),
                        1_714_557_600_123_000_000L, new java.util.Date(1_714_557_600_123L)),
                Arguments.of("local-timestamp-millis", logical(LogicalTypes.localTimestampMillis(), Schema.Type.LONG),
                        1_714_557_600_123L, "2024-05-01T10:00:00.123"),
                Arguments.of("local-timestamp-micros", logical(LogicalTypes.localTimestampMicros(), Schema.Type.LONG),
                        1_714_557_600_123_456L, "2024-05-01T10:00:00.123456"),
                Arguments.of("local-timestamp-nanos", logical(LogicalTypes.localTimestampNanos(), Schema.Type.LONG),
                        -1L, "1969-12-31T23:59:59.999999999"),
                Arguments.of("uuid", logical(LogicalTypes.uuid(), Schema.Type.STRING),
                        "6f1c9a3e-2b7d-4c1a-9e55-0c2d8f1b0001", "6f1c9a3e-2b7d-4c1a-9e55-0c2d8f1b0001"),
                Arguments.of("array", Schema.createArray(Schema.create(Schema.Type.INT)), List.of(3, 1, 2),
                        List.of(3, 1, 2)),
                Arguments.of("map", Schema.createMap(Schema.create(Schema.Type.LONG)), counts, counts),
                Arguments.of("record", nested, inner, "checked field by field"),
                Arguments.of("null-string-null", nullable(Schema.create(Schema.Type.STRING)), null, null),
                Arguments.of("null-string-value", nullable(Schema.create(Schema.Type.STRING)), "x", "x"),
                Arguments.of("string-null-value", Schema.createUnion(Schema.create(Schema.Type.STRING),
                        Schema.create(Schema.Type.NULL)), "y", "y"));
    }

    private static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsTheValueAndWritesTheSameBytesBack(String name, Schema type, Object avroValue, Object expected) {
        Schema schema = recordOf(type);
        int id = Math.abs(name.hashCode() % 100_000) + 1;
        registry.register(id, schema);
        GenericData.Record record = new GenericData.Record(schema);
        record.put("v", avroValue);
        byte[] bytes = AvroTestData.confluent(id, record);

        org.apache.kafka.connect.data.SchemaAndValue data = converter.toConnectData(TOPIC, bytes);

        Struct struct = (Struct) data.value();
        Object actual = struct.get("v");
        if ("record".equals(name)) {
            Struct nestedStruct = (Struct) actual;
            assertThat(nestedStruct.schema().name()).isEqualTo("test.Inner");
            assertThat(nestedStruct.getString("name")).isEqualTo("n");
            assertThat(nestedStruct.getInt32("count")).isEqualTo(3);
            assertThat(nestedStruct.schema().field("count").schema().isOptional()).isTrue();
        } else {
            assertThat(actual).isEqualTo(expected);
        }
        assertThat(converter.fromConnectData(TOPIC, data.schema(), data.value())).isEqualTo(bytes);
    }

    @Test
    void logicalTypesBecomeConnectLogicalTypesWithTheAvroTypeKept() {
        Schema schema = SchemaBuilder.record("Logical").namespace("test").fields()
                .name("amount").type(LogicalTypes.decimal(9, 2).addToSchema(Schema.create(Schema.Type.BYTES))).noDefault()
                .name("day").type(logical(LogicalTypes.date(), Schema.Type.INT)).noDefault()
                .name("at").type(logical(LogicalTypes.timeMicros(), Schema.Type.LONG)).noDefault()
                .name("ts").type(logical(LogicalTypes.timestampMicros(), Schema.Type.LONG)).noDefault()
                .name("local").type(logical(LogicalTypes.localTimestampMillis(), Schema.Type.LONG)).noDefault()
                .name("color").type(Schema.createEnum("Color", null, "test", List.of("RED", "GREEN"))).noDefault()
                .name("raw").type(fixed("Raw", 2)).noDefault()
                .endRecord();

        org.apache.kafka.connect.data.Schema connect = AvroToConnect.compile(schema).schema();

        assertThat(connect.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(connect.field("amount").schema().parameters())
                .containsEntry(Decimal.SCALE_FIELD, "2")
                .containsEntry(AvroConnectSchemas.DECIMAL_PRECISION_PARAMETER, "9");
        assertThat(connect.field("day").schema().name()).isEqualTo(Date.LOGICAL_NAME);
        assertThat(connect.field("at").schema().name()).isEqualTo(Time.LOGICAL_NAME);
        assertThat(connect.field("at").schema().parameters())
                .containsEntry(AvroConnectSchemas.AVRO_TYPE_PARAMETER, "time-micros");
        assertThat(connect.field("ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(connect.field("local").schema().type()).isEqualTo(org.apache.kafka.connect.data.Schema.Type.STRING);
        assertThat(connect.field("color").schema().name()).isEqualTo("test.Color");
        assertThat(connect.field("color").schema().parameters())
                .containsEntry(AvroConnectSchemas.ENUM_SYMBOLS_PARAMETER, "RED,GREEN");
        assertThat(connect.field("raw").schema().type()).isEqualTo(org.apache.kafka.connect.data.Schema.Type.BYTES);
        assertThat(connect.field("raw").schema().parameters())
                .containsEntry(AvroConnectSchemas.FIXED_SIZE_PARAMETER, "2");
    }

    @Test
    void subMillisecondDigitsOfMicroTimesAreDroppedAsDocumented() {
        Schema schema = recordOf(logical(LogicalTypes.timestampMicros(), Schema.Type.LONG));
        registry.register(1, schema);
        GenericData.Record record = new GenericData.Record(schema);
        record.put("v", 1_714_557_600_123_999L);

        org.apache.kafka.connect.data.SchemaAndValue data =
                converter.toConnectData(TOPIC, AvroTestData.confluent(1, record));

        assertThat(((Struct) data.value()).get("v")).isEqualTo(new java.util.Date(1_714_557_600_123L));
    }

    @Test
    void unionOfSeveralBranchesBecomesAMarkedStructWithOneFieldSet() {
        Schema money = SchemaBuilder.record("Money").namespace("test").fields().requiredLong("cents").endRecord();
        Schema union = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING),
                Schema.create(Schema.Type.LONG), money);
        Schema schema = recordOf(union);
        registry.register(3, schema);
        org.apache.kafka.connect.data.Schema connect = AvroToConnect.compile(schema).schema().field("v").schema();

        assertThat(connect.name()).isEqualTo(AvroConnectSchemas.UNION_SCHEMA_NAME);
        assertThat(connect.isOptional()).isTrue();
        assertThat(connect.fields()).extracting(org.apache.kafka.connect.data.Field::name)
                .containsExactly("string", "long", "test.Money");
        assertThat(connect.fields()).allSatisfy(field -> assertThat(field.schema().isOptional()).isTrue());

        GenericData.Record cents = new GenericData.Record(money);
        cents.put("cents", 250L);
        for (Object branchValue : new Object[] {"text", 5L, cents, null}) {
            GenericData.Record record = new GenericData.Record(schema);
            record.put("v", branchValue);
            byte[] bytes = AvroTestData.confluent(3, record);
            org.apache.kafka.connect.data.SchemaAndValue data = converter.toConnectData(TOPIC, bytes);
            Struct value = (Struct) ((Struct) data.value()).get("v");
            if (branchValue == null) {
                assertThat(value).isNull();
            } else if (branchValue instanceof String) {
                assertThat(value.get("string")).isEqualTo("text");
                assertThat(value.get("long")).isNull();
            } else if (branchValue instanceof Long) {
                assertThat(value.get("long")).isEqualTo(5L);
                assertThat(value.get("string")).isNull();
            } else {
                assertThat(value.getStruct("test.Money").getInt64("cents")).isEqualTo(250L);
            }
            assertThat(converter.fromConnectData(TOPIC, data.schema(), data.value())).isEqualTo(bytes);
        }
    }

    @Test
    void nonNullableUnionIsARequiredStruct() {
        Schema union = Schema.createUnion(Schema.create(Schema.Type.INT), Schema.create(Schema.Type.BOOLEAN));
        org.apache.kafka.connect.data.Schema connect = AvroToConnect.compile(recordOf(union)).schema().field("v").schema();

        assertThat(connect.name()).isEqualTo(AvroConnectSchemas.UNION_SCHEMA_NAME);
        assertThat(connect.isOptional()).isFalse();
        assertThat(connect.fields()).extracting(org.apache.kafka.connect.data.Field::name).containsExactly("int", "boolean");
    }

    @Test
    void recursiveRecordsAreRejectedWithTheTypeName() {
        Schema node = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Node\",\"namespace\":\"test\","
                + "\"fields\":[{\"name\":\"next\",\"type\":[\"null\",\"Node\"],\"default\":null}]}");

        assertThatThrownBy(() -> AvroToConnect.compile(node))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("test.Node is recursive");
    }

    @Test
    void derivedAvroSchemaMapsBackToTheSameConnectSchema() {
        Schema original = AvroTestData.voiceSchema();
        org.apache.kafka.connect.data.Schema connect = AvroToConnect.compile(original).schema();

        Schema derived = ConnectToAvro.avroSchema(connect);

        assertThat(AvroToConnect.compile(derived).schema()).isEqualTo(connect);
    }
}
