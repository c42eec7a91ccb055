package dev.eventstream.connect.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRendererTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonRenderer RENDERER = JsonRenderer.INSTANCE;

    static String render(Schema schema, Object value) {
        return new String(RENDERER.toBytes(schema, value), StandardCharsets.UTF_8);
    }

    static java.util.Date utc(String instant) {
        return java.util.Date.from(Instant.parse(instant));
    }

    @Nested
    class Primitives {

        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of(Schema.INT8_SCHEMA, (byte) -128, "-128"),
                    Arguments.of(Schema.INT16_SCHEMA, (short) 32767, "32767"),
                    Arguments.of(Schema.INT32_SCHEMA, Integer.MIN_VALUE, "-2147483648"),
                    Arguments.of(Schema.INT64_SCHEMA, Long.MAX_VALUE, "9223372036854775807"),
                    Arguments.of(Schema.FLOAT32_SCHEMA, 1.5f, "1.5"),
                    Arguments.of(Schema.FLOAT64_SCHEMA, 0.1d, "0.1"),
                    Arguments.of(Schema.FLOAT64_SCHEMA, -2.5e-10d, "-2.5E-10"),
                    Arguments.of(Schema.BOOLEAN_SCHEMA, true, "true"),
                    Arguments.of(Schema.BOOLEAN_SCHEMA, false, "false"),
                    Arguments.of(Schema.STRING_SCHEMA, "a\"b\\c\n\u0001é😀", "\"a\\\"b\\\\c\\n\\u0001é😀\""),
                    Arguments.of(Schema.STRING_SCHEMA, "", "\"\""),
                    Arguments.of(Schema.BYTES_SCHEMA, new byte[] {0, 1, 2, (byte) 0xff}, "\"AAEC/w==\""),
                    Arguments.of(Schema.BYTES_SCHEMA, new byte[0], "\"\""),
                    Arguments.of(Schema.FLOAT64_SCHEMA, Double.NaN, "\"NaN\""),
                    Arguments.of(Schema.FLOAT64_SCHEMA, Double.POSITIVE_INFINITY, "\"Infinity\""),
                    Arguments.of(Schema.FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY, "\"-Infinity\""),
                    Arguments.of(Schema.FLOAT32_SCHEMA, Float.NaN, "\"NaN\""),
                    Arguments.of(Schema.FLOAT32_SCHEMA, Float.POSITIVE_INFINITY, "\"Infinity\""),
                    Arguments.of(Schema.FLOAT32_SCHEMA, Float.NEGATIVE_INFINITY, "\"-Infinity\""));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("cases")
        void rendersWithSchema(Schema schema, Object value, String expected) {
            assertThat(render(schema, value)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "schemaless {1}")
        @MethodSource("cases")
        void rendersSchemaless(Schema schema, Object value, String expected) {
            assertThat(render(null, value)).isEqualTo(expected);
        }

        @Test
        void byteBufferIsNotConsumedAndHonoursPositionAndArrayOffset() {
            ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 'h', 'i', '!', 9});
            buffer.position(1);
            ByteBuffer slice = buffer.slice(); // arrayOffset 1
            slice.position(1).limit(4);

            assertThat(render(Schema.BYTES_SCHEMA, slice)).isEqualTo("\"aGkh\"");
            assertThat(slice.position()).isEqualTo(1);
            assertThat(slice.remaining()).isEqualTo(3);
            assertThat(render(null, slice)).isEqualTo("\"aGkh\"");
        }

        @Test
        void directByteBufferIsNotConsumed() {
            ByteBuffer direct = ByteBuffer.allocateDirect(3);
            direct.put(new byte[] {'h', 'i', '!'}).flip();
            assertThat(render(Schema.OPTIONAL_BYTES_SCHEMA, direct)).isEqualTo("\"aGkh\"");
            assertThat(direct.remaining()).isEqualTo(3);
        }

        @Test
        void topLevelNullIsTheNullTokenEvenForRequiredSchemasWithDefault() {
            assertThat(render(null, null)).isEqualTo("null");
            assertThat(render(Schema.STRING_SCHEMA, null)).isEqualTo("null");
            assertThat(render(SchemaBuilder.string().defaultValue("x").build(), null)).isEqualTo("null");
        }

        @Test
        void typeMismatchIsADataExceptionNamingTheType() {
            assertThatThrownBy(() -> render(Schema.STRING_SCHEMA, 42))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("java.lang.Integer")
                    .hasMessageContaining("STRING");
            assertThatThrownBy(() -> render(Schema.INT32_SCHEMA, 1.5d))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("java.lang.Double");
            assertThatThrownBy(() -> render(Schema.BYTES_SCHEMA, "AAE="))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("byte[] or ByteBuffer");
        }
    }

    @Nested
    class LogicalTypes {

        @Test
        void timestampIsIsoUtcWithMillis() {
            assertThat(render(Timestamp.SCHEMA, utc("2026-11-22T10:15:30.123Z"))).isEqualTo("\"2026-11-22T10:15:30.123Z\"");
            assertThat(render(Timestamp.SCHEMA, utc("2026-11-22T10:15:30Z"))).isEqualTo("\"2026-11-22T10:15:30.000Z\"");
            assertThat(render(Timestamp.SCHEMA, new java.util.Date(0))).isEqualTo("\"1970-01-01T00:00:00.000Z\"");
            assertThat(render(Timestamp.SCHEMA, new java.util.Date(-1))).isEqualTo("\"1969-12-31T23:59:59.999Z\"");
        }

        @Test
        void timestampOutsideFourDigitYearsUsesExpandedIsoForm() {
            assertThat(render(Timestamp.SCHEMA, utc("+10000-01-01T00:00:00.001Z"))).isEqualTo("\"+10000-01-01T00:00:00.001Z\"");
            assertThat(render(Timestamp.SCHEMA, utc("-0001-12-31T23:59:59.999Z"))).isEqualTo("\"-0001-12-31T23:59:59.999Z\"");
            assertThat(render(Timestamp.SCHEMA, utc("0000-01-01T00:00:00Z"))).isEqualTo("\"0000-01-01T00:00:00.000Z\"");
        }

        @Test
        void timestampMatchesJavaTimeOverAWideRange() {
            java.util.Random random = new java.util.Random(42);
            for (int i = 0; i < 2000; i++) {
                long millis = random.nextLong() % 253_402_300_800_000L; // years 0..9999 either side of 1970
                String expected = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(millis));
                if (!expected.startsWith("-")) {
                    assertThat(render(Timestamp.SCHEMA, new java.util.Date(millis))).isEqualTo("\"" + expected + "\"");
                }
            }
        }

        @Test
        void dateAndTime() {
            assertThat(render(Date.SCHEMA, utc("2026-11-22T00:00:00Z"))).isEqualTo("\"2026-11-22\"");
            assertThat(render(Date.SCHEMA, utc("1969-07-20T00:00:00Z"))).isEqualTo("\"1969-07-20\"");
            assertThat(render(Time.SCHEMA, new java.util.Date(((10 * 60 + 15) * 60 + 30) * 1000L + 123)))
                    .isEqualTo("\"10:15:30.123\"");
            assertThat(render(Time.SCHEMA, new java.util.Date(0))).isEqualTo("\"00:00:00.000\"");
            assertThat(render(Time.SCHEMA, new java.util.Date(86_399_999L))).isEqualTo("\"23:59:59.999\"");
        }

        @Test
        void decimalIsAnExactPlainNumber() {
            Schema money = Decimal.schema(2);
            assertThat(render(money, new BigDecimal("12345678901234567890.10"))).isEqualTo("12345678901234567890.10");
            assertThat(render(Decimal.schema(0), new BigDecimal("1E+25"))).isEqualTo("10000000000000000000000000");
            assertThat(render(Decimal.schema(30), new BigDecimal("1E-30"))).isEqualTo("0.000000000000000000000000000001");
            assertThat(render(Decimal.schema(3), new BigDecimal("-0.100"))).isEqualTo("-0.100");
            assertThat(render(null, new BigDecimal("0.1000000000000000055511151231257827"))).isEqualTo("0.1000000000000000055511151231257827");
        }

        @Test
        void decimalFromItsPhysicalBytesIsDecoded() {
            Schema money = Decimal.schema(2);
            byte[] physical = Decimal.fromLogical(money, new BigDecimal("-123.45"));
            assertThat(render(money, physical)).isEqualTo("-123.45");
            assertThat(render(money, ByteBuffer.wrap(physical))).isEqualTo("-123.45");
        }

        @Test
        void decimalIsPlainEvenOnAGeneratorThatDoesNotAskForIt() throws IOException {
            StringWriter out = new StringWriter();
            try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
                assertThat(generator.isEnabled(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)).isFalse();
                RENDERER.write(Decimal.schema(0), new BigDecimal("1E+20"), generator);
            }
            assertThat(out).hasToString("100000000000000000000");
        }

        @Test
        void decimalWithAbsurdScaleIsRefused() {
            assertThatThrownBy(() -> render(null, new BigDecimal("1E+100000")))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("scale");
        }

        @Test
        void schemalessDateIsAnIsoTimestamp() {
            assertThat(render(null, utc("2026-11-22T10:15:30.123Z"))).isEqualTo("\"2026-11-22T10:15:30.123Z\"");
        }

        @Test
        void logicalTypeWithWrongJavaTypeIsADataException() {
            assertThatThrownBy(() -> render(Timestamp.SCHEMA, 1795000000123L))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("java.lang.Long")
                    .hasMessageContaining(Timestamp.LOGICAL_NAME);
            assertThatThrownBy(() -> render(Decimal.schema(2), 1.5d))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("BigDecimal");
        }

        @Test
        void unknownLogicalNameRendersThePhysicalType() {
            Schema debeziumZoned = SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").build();
            assertThat(render(debeziumZoned, "2026-11-22T10:15:30+01:00")).isEqualTo("\"2026-11-22T10:15:30+01:00\"");
        }
    }

    @Nested
    class Containers {

        final Schema address = SchemaBuilder.struct().name("Address")
                .field("city", Schema.STRING_SCHEMA)
                .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        final Schema person = SchemaBuilder.struct().name("Person")
                .field("name", Schema.STRING_SCHEMA)
                .field("age", SchemaBuilder.int32().optional().defaultValue(18).build())
                .field("nick", Schema.OPTIONAL_STRING_SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .field("address", address)
                .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA).build())
                .field("since", Timestamp.builder().optional().build())
                .build();

        @Test
        void nestedStructMapAndListInSchemaOrder() {
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("csat", 4.5);
            scores.put("nps", null);
            Struct value = new Struct(person)
                    .put("name", "Jane")
                    .put("age", 42)
                    .put("tags", List.of("vip", "fr"))
                    .put("address", new Struct(address).put("city", "Montréal"))
                    .put("scores", scores)
                    .put("since", utc("2020-01-02T03:04:05.006Z"));

            assertThat(render(person, value)).isEqualTo("{\"name\":\"Jane\",\"age\":42,\"nick\":null,\"tags\":[\"vip\",\"fr\"],"
                    + "\"address\":{\"city\":\"Montréal\",\"zip\":null},\"scores\":{\"csat\":4.5,\"nps\":null},"
                    + "\"since\":\"2020-01-02T03:04:05.006Z\"}");
        }

        @Test
        void nullFieldWithDefaultRendersTheDefault() {
            Struct value = new Struct(person).put("name", "Jo").put("address", new Struct(address).put("city", "Oslo"))
                    .put("scores", Map.of());
            assertThat(render(person, value)).contains("\"age\":18").contains("\"tags\":null").contains("\"since\":null");
        }

        @Test
        void requiredFieldWithoutValueIsADataExceptionNamingTheField() {
            Struct incomplete = new Struct(person).put("name", "Jo").put("scores", Map.of());
            assertThatThrownBy(() -> render(person, incomplete))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("'address'")
                    .hasMessageContaining("Person");
        }

        @Test
        void nullElementOfRequiredArrayElementSchemaIsADataException() {
            Schema strings = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
            assertThatThrownBy(() -> render(strings, Arrays.asList("a", null)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("array element");
            assertThat(render(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build(), Arrays.asList("a", null)))
                    .isEqualTo("[\"a\",null]");
        }

        @Test
        void structIsRenderedWithItsOwnSchemaWhenTheGivenOneIsAnotherVersion() {
            Schema v2 = SchemaBuilder.struct().name("Person").version(2).field("name", Schema.STRING_SCHEMA).build();
            assertThat(render(v2, new Struct(address).put("city", "Oslo"))).isEqualTo("{\"city\":\"Oslo\",\"zip\":null}");
        }

        @Test
        void mapWithNonStringKeysUsesTheKeysStringForm() {
            Map<Object, Object> byInt = new LinkedHashMap<>();
            byInt.put(1, "one");
            byInt.put(-2, "minus two");
            assertThat(render(SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), byInt))
                    .isEqualTo("{\"1\":\"one\",\"-2\":\"minus two\"}");

            Map<Object, Object> mixed = new LinkedHashMap<>();
            mixed.put(true, 1);
            mixed.put(new BigDecimal("1E+3"), 2);
            mixed.put(new byte[] {1, 2}, 3);
            mixed.put(utc("2026-01-01T00:00:00Z"), 4);
            mixed.put('c', 5);
            assertThat(render(null, mixed))
                    .isEqualTo("{\"true\":1,\"1000\":2,\"AQI=\":3,\"2026-01-01T00:00:00.000Z\":4,\"c\":5}");
        }

        @Test
        void mapWithLogicalKeysUsesTheirRenderedText() {
            Map<Object, Object> byDay = new LinkedHashMap<>();
            byDay.put(utc("2026-11-22T00:00:00Z"), 7);
            assertThat(render(SchemaBuilder.map(Date.SCHEMA, Schema.INT32_SCHEMA).build(), byDay))
                    .isEqualTo("{\"2026-11-22\":7}");
            Map<Object, Object> byAmount = Map.of(new BigDecimal("1.50"), "x");
            assertThat(render(SchemaBuilder.map(Decimal.schema(2), Schema.STRING_SCHEMA).build(), byAmount))
                    .isEqualTo("{\"1.50\":\"x\"}");
        }

        @Test
        void mapWithStructListOrNullKeysIsADataException() {
            Schema keySchema = SchemaBuilder.struct().field("k", Schema.STRING_SCHEMA).build();
            Map<Object, Object> byStruct = Map.of(new Struct(keySchema).put("k", "v"), 1);
            assertThatThrownBy(() -> render(SchemaBuilder.map(keySchema, Schema.INT32_SCHEMA).build(), byStruct))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(Struct.class.getName());
            assertThatThrownBy(() -> render(null, Map.of(List.of(1), 1)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("map key");
            Map<Object, Object> nullKey = new HashMap<>();
            nullKey.put(null, 1);
            assertThatThrownBy(() -> render(null, nullKey))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("null key");
        }

        @Test
        void schemalessNestedValues() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("list", List.of(1, 2L, (short) 3, (byte) 4, 5.5f, 6.5d, new BigInteger("123456789012345678901234567890")));
            root.put("set", new java.util.TreeSet<>(List.of("b", "a")));
            root.put("nested", Map.of("deep", Arrays.asList(null, true, Map.of())));
            root.put("struct", new Struct(address).put("city", "Oslo").put("zip", "0150"));
            assertThat(render(null, root)).isEqualTo("{\"list\":[1,2,3,4,5.5,6.5,123456789012345678901234567890],"
                    + "\"set\":[\"a\",\"b\"],\"nested\":{\"deep\":[null,true,{}]},\"struct\":{\"city\":\"Oslo\",\"zip\":\"0150\"}}");
        }

        @Test
        void unknownSchemalessTypeIsADataExceptionNamingTheType() {
            assertThatThrownBy(() -> render(null, Map.of("id", UUID.randomUUID())))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("java.util.UUID");
            assertThatThrownBy(() -> render(null, new java.util.concurrent.atomic.AtomicLong(1)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("java.util.concurrent.atomic.AtomicLong");
        }

        @Test
        void avroUnionIsUnwrappedToItsBranch() {
            Schema union = SchemaBuilder.struct().name(JsonRenderer.AVRO_UNION_SCHEMA_NAME).optional()
                    .field("string", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("int", Schema.OPTIONAL_INT32_SCHEMA)
                    .build();
            Schema holder = SchemaBuilder.struct().field("u", union).build();
            assertThat(render(holder, new Struct(holder).put("u", new Struct(union).put("int", 7)))).isEqualTo("{\"u\":7}");
            assertThat(render(holder, new Struct(holder).put("u", new Struct(union).put("string", "s")))).isEqualTo("{\"u\":\"s\"}");
            assertThat(render(holder, new Struct(holder).put("u", new Struct(union)))).isEqualTo("{\"u\":null}");
        }
    }

    @Nested
    class Streaming {

        @Test
        void writesExactlyOneValueIntoACallersGenerator() throws IOException {
            StringWriter out = new StringWriter();
            try (JsonGenerator generator = JsonRenderer.jsonFactory().createGenerator(out)) {
                generator.writeStartArray();
                RENDERER.write(Schema.STRING_SCHEMA, "a", generator);
                RENDERER.write(null, Map.of("k", 1), generator);
                RENDERER.write(null, null, generator);
                generator.writeEndArray();
            }
            assertThat(out).hasToString("[\"a\",{\"k\":1},null]");
        }

        @Test
        void outputStreamIsFlushedButNotClosed() throws IOException {
            boolean[] closed = {false};
            ByteArrayOutputStream out = new ByteArrayOutputStream() {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            RENDERER.write(null, List.of("x"), out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[\"x\"]");
            assertThat(closed[0]).isFalse();
        }

        @Test
        void failedRenderingDoesNotAutoCompleteThePartialJson() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Object> bad = new ArrayList<>();
            bad.add("ok");
            bad.add(new Object());
            assertThatThrownBy(() -> RENDERER.write(null, bad, out)).isInstanceOf(DataException.class);
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotEndWith("]");
        }

        @Test
        void sharedFactoryDoesNotCloseTargets() {
            assertThat(JsonRenderer.jsonFactory().isEnabled(JsonGenerator.Feature.AUTO_CLOSE_TARGET)).isFalse();
            assertThat(JsonRenderer.jsonFactory()).isSameAs(JsonRenderer.jsonFactory());
        }

        @Test
        void toBytesIsValidUtf8JsonWithRawSupplementaryCharacters() throws IOException {
            byte[] bytes = RENDERER.toBytes(null, Map.of("emoji", "😀"));
            assertThat(bytes).isEqualTo("{\"emoji\":\"😀\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode tree = MAPPER.readTree(bytes);
            assertThat(tree.get("emoji").asText()).isEqualTo("😀");
        }

        @Test
        void anUnpairedSurrogateIsEscapedNotCombinedWithItsNeighbour() throws IOException {
            // Jackson's surrogate combining read "\ud800" + "b" as one supplementary character (U+10062)
            for (String text : List.of("a\ud800b", "a\udc00b", "end\ud83d", "\ude00start", "ok😀\ud800")) {
                byte[] bytes = RENDERER.toBytes(Schema.STRING_SCHEMA, text);
                assertThat(MAPPER.readTree(bytes).asText()).isEqualTo(text);
                assertThat(RENDERER.toBytes(null, Map.of("v", text)))
                        .satisfies(b -> assertThat(MAPPER.readTree(b).get("v").asText()).isEqualTo(text));
            }
            assertThat(new String(RENDERER.toBytes(null, "a\ud800b"), StandardCharsets.UTF_8))
                    .isEqualTo("\"a\\ud800b\"");
        }

        @Test
        void aFieldNameWithAnUnpairedSurrogateIsADataExceptionNotACorruptedName() {
            assertThatThrownBy(() -> RENDERER.toBytes(null, Map.of("a\ud800b", 1)))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("unpaired UTF-16 surrogate");
        }
    }
}
