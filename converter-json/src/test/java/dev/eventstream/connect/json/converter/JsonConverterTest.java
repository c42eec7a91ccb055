package dev.eventstream.connect.json.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.json.LazyJsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonConverterTest {

    private final JsonConverter converter = converter(Map.of());

    static JsonConverter converter(Map<String, Object> settings) {
        JsonConverter converter = new JsonConverter();
        converter.configure(settings, false);
        return converter;
    }

    private Object read(String json) {
        return read(converter, json);
    }

    private static Object read(JsonConverter converter, String json) {
        SchemaAndValue result = converter.toConnectData("voice-callthread", json.getBytes(StandardCharsets.UTF_8));
        assertThat(result.schema()).isNull();
        return result.value();
    }

    private String render(Object value) {
        return new String(converter.fromConnectData("voice-callthread", null, value), StandardCharsets.UTF_8);
    }

    @Test
    void everyJsonTypeBecomesSchemalessConnectData() {
        Object value = read("{\"s\":\"text\",\"i\":42,\"d\":1.5,\"t\":true,\"f\":false,\"n\":null,"
                + "\"o\":{\"a\":[1,\"x\",null,{}]},\"e\":[]}");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "text");
        expected.put("i", 42L);
        expected.put("d", new BigDecimal("1.5"));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("o", Map.of("a", Arrays.asList(1L, "x", null, Map.of())));
        expected.put("e", List.of());
        assertThat(value).isInstanceOf(LazyJsonObject.class).isEqualTo(expected);
        assertThat(new ArrayList<>(((Map<?, ?>) value).keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
        assertThat(((Map<?, ?>) value).get("o")).isInstanceOf(LazyJsonObject.class);
        assertThat(((Map<?, ?>) ((Map<?, ?>) value).get("o")).get("a")).isInstanceOf(ArrayList.class);
    }

    @Test
    void topLevelScalarsAndArrays() {
        assertThat(read("42")).isEqualTo(42L);
        assertThat(read("\"x\"")).isEqualTo("x");
        assertThat(read("true")).isEqualTo(true);
        assertThat(read(" [1, 2] ")).isEqualTo(List.of(1L, 2L));
        assertThat(read("null")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void objectFieldsKeepTheOrderTheyWereWrittenIn() {
        String json = "{\"id\":\"EventEstablished\",\"EventSequenceNumber\":7,\"Server\":\"s\",\"ThisDN\":\"1001\","
                + "\"Reasons\":{\"z\":1,\"a\":2,\"m\":3}}";
        Map<String, Object> value = (Map<String, Object>) read(json);
        assertThat(value.keySet()).containsExactly("id", "EventSequenceNumber", "Server", "ThisDN", "Reasons");
        assertThat(((Map<String, ?>) value.get("Reasons")).keySet()).containsExactly("z", "a", "m");
        assertThat(render(value)).isEqualTo(json);
    }

    @Test
    void aRepeatedNameKeepsItsFirstPositionAndItsLastValueAsJacksonsTreeDoes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) read("{\"a\":1,\"b\":2,\"a\":3}");
        assertThat(value.keySet()).containsExactly("a", "b");
        assertThat(value.get("a")).isEqualTo(3L);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "0, Long, 0",
        "-0, Long, 0",
        "9223372036854775807, Long, 9223372036854775807",
        "-9223372036854775808, Long, -9223372036854775808",
        "9223372036854775808, BigDecimal, 9223372036854775808",
        "-9223372036854775809, BigDecimal, -9223372036854775809",
        "12345678901234567890123, BigDecimal, 12345678901234567890123",
        "1.5, BigDecimal, 1.5",
        "1.50, BigDecimal, 1.50",
        "-0.0, BigDecimal, 0.0",
        "0.1, BigDecimal, 0.1",
        "1.0, BigDecimal, 1.0",
        "1e2, BigDecimal, 100",
        "1.5E3, BigDecimal, 1500",
        "1.5e-3, BigDecimal, 0.0015",
        "2.5E+1, BigDecimal, 25",
        "0.1000000000000000055511151231257827021181583404541015625, BigDecimal, 0.1000000000000000055511151231257827021181583404541015625",
        "3.14159265358979323846264338327950288419716939937510, BigDecimal, 3.14159265358979323846264338327950288419716939937510",
    })
    void numbersAreExactAtAndBeyondEveryBoundary(String json, String type, String rendered) {
        Object value = read(json);
        assertThat(value.getClass().getSimpleName()).isEqualTo(type);
        assertThat(render(value)).isEqualTo(rendered);
        if (value instanceof BigDecimal) {
            assertThat((BigDecimal) value).isEqualByComparingTo(new BigDecimal(json));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7976931348623157E309", "-1.7976931348623159e308", "4.9e-325", "2.2250738585072011e-308",
        "9007199254740993.0", "0.30000000000000000001"})
    void numbersBeyondDoublePrecisionOrRangeAreExact(String json) {
        BigDecimal value = (BigDecimal) read(json);
        assertThat(value).isEqualTo(new BigDecimal(json));
        assertThat(render(value)).isEqualTo(new BigDecimal(json).toPlainString());
    }

    @Test
    void oneEFourHundredIsTheExactPowerOfTenNotInfinity() {
        BigDecimal value = (BigDecimal) read("1e400");
        assertThat(value).isEqualByComparingTo(BigDecimal.TEN.pow(400));
        assertThat(render(value)).isEqualTo("1" + "0".repeat(400));
        assertThat(render(read("-1E-400"))).isEqualTo("-0." + "0".repeat(399) + "1");
    }

    @Test
    void exponentsUpToTheRenderersPlainLimitAreKeptBeyondItRefused() {
        assertThat(render(read("1e9999"))).hasSize(10_000);
        assertThat(render(read("1e-9999"))).hasSize(10_001);
        assertThatThrownBy(() -> read("1e10000"))
                .isInstanceOf(DataException.class)
                .hasMessage("JSON value of topic 'voice-callthread' cannot be read: the number at byte 0 has an exponent "
                        + "too large to be written in plain notation (scale -10000, limit ±9999)");
        assertThatThrownBy(() -> read("[0.5e-99999999999]")).isInstanceOf(DataException.class)
                .hasMessageStartingWith("JSON value of topic 'voice-callthread' cannot be read: ");
    }

    @Test
    void integersOfTenThousandDigitsAndDecimalsOfAThousandFractionDigitsAreKept() {
        String big = "9" + "1234567890".repeat(999) + "876543210";
        String decimal = "-12." + "0123456789".repeat(100);
        Object value = read("[" + big + "," + decimal + "]");
        assertThat(big).hasSize(10_000);
        assertThat(render(value)).isEqualTo("[" + big + "," + decimal + "]");
    }

    @Test
    void numbersLongerThanMaxNumberLengthAreRefused() {
        JsonConverter limited = converter(Map.of(JsonConverterConfig.MAX_NUMBER_LENGTH, "20"));
        assertThat(read(limited, "12345678901234567890")).isEqualTo(new BigDecimal("12345678901234567890"));
        assertThatThrownBy(() -> read(limited, "{\"n\":123456789012345678901}"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("cannot be read: not well-formed JSON: Number value length (21) exceeds the maximum "
                        + "allowed (20");
    }

    @Test
    void unicodeEscapesAndRawUtf8AreDecoded() {
        assertThat(read("\"caf\\u00e9 \\u20AC \\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0000\""))
                .isEqualTo("café € \uD83D\uDE00 \" \\ / \b\f\n\r\t \u0000");
        assertThat(read("{\"na\\u006De\":\"日本語 😀\"}")).isEqualTo(Map.of("name", "日本語 😀"));
        assertThat(render(read("\"\\ud83d\\ude00 é\""))).isEqualTo("\"😀 é\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"\\ud800\"", "\"a\\udc00b\"", "\"\\ud83d x\"", "{\"\\ud800\":1}", "\"\\ude00\\ud83d\""})
    void unpairedSurrogateEscapesAreRefused(String json) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("unpaired surrogate \\u")
                .hasMessageContaining("not valid Unicode");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'22 C0 80 22', 1, C0",              // overlong NUL, which Jackson alone decodes
        "'22 61 C1 BF 22', 2, C1",           // overlong
        "'22 E0 80 80 22', 1, E0",           // overlong 3-byte
        "'22 ED A0 80 22', 1, ED",           // encoded surrogate
        "'22 F4 90 80 80 22', 1, F4",        // beyond U+10FFFF
        "'22 F5 80 80 80 22', 1, F5",
        "'22 FF 22', 1, FF",
        "'22 80 22', 1, 80",                 // continuation without lead
        "'22 E2 82 22', 1, E2",              // truncated
        "'7B 22 61 22 3A 22 E2 82', 6, E2",  // truncated at the end
    })
    void invalidUtf8IsRefusedWithItsPosition(String hex, int position, String leadByte) {
        String[] parts = hex.split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        assertThatThrownBy(() -> converter.toConnectData("voice-callthread", bytes))
                .isInstanceOf(DataException.class)
                .hasMessage("JSON value of topic 'voice-callthread' cannot be read: invalid UTF-8 at byte " + position
                        + " (0x" + leadByte + ")");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"id\":\"EventEstablished\", broken", "{\"a\":1,}", "[1 2]", "{'a':1}", "tru", "01",
        "NaN", "\"unterminated", "{\"a\" 1}", "[", "]", "1 2", "{} {}", "\"a\" x", "+1", ".5", "1.", "0x10"})
    void malformedInputIsADataException(String json) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("JSON value of topic 'voice-callthread' cannot be read: ")
                .hasMessageMatching("(?s).*(at byte \\d+|ends inside).*");
    }

    @Test
    void malformedMessagesSayWhatAndWhere() {
        assertThatThrownBy(() -> read("{\"a\":1,}"))
                .hasMessageStartingWith("JSON value of topic 'voice-callthread' cannot be read: not well-formed JSON: "
                        + "Unexpected character ('}' (code 125)): was expecting double-quote to start field name at byte 7");
        assertThatThrownBy(() -> read("{\"a\":1} {\"b\":2}"))
                .hasMessage("JSON value of topic 'voice-callthread' cannot be read: more than one JSON value: another "
                        + "starts at byte 8");
    }

    @Test
    void nestingBeyondMaxDepthIsRefusedWithoutRecursion() {
        JsonConverter limited = converter(Map.of(JsonConverterConfig.MAX_DEPTH, 3));
        assertThat(read(limited, "{\"a\":[{\"b\":1}]}")).isEqualTo(Map.of("a", List.of(Map.of("b", 1L))));
        assertThatThrownBy(() -> read(limited, "{\"a\":[{\"b\":[]}]}"))
                .isInstanceOf(DataException.class)
                .hasMessage("JSON value of topic 'voice-callthread' cannot be read: nesting deeper than 3 levels "
                        + "(max.depth) at byte 11");

        String deepest = "[".repeat(1000) + "]".repeat(1000);
        assertThat(render(read(deepest))).isEqualTo(deepest);
        // far deeper than any stack: refused at level 1001, long before Jackson or the stack would give up
        String hostile = "[".repeat(5_000_000);
        assertThatThrownBy(() -> read(hostile))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nesting deeper than 1000 levels (max.depth) at byte 1000");
    }

    @Test
    void valuesLargerThanMaxBytesAreRefusedBeforeParsing() {
        JsonConverter limited = converter(Map.of(JsonConverterConfig.MAX_BYTES, "16"));
        assertThat(read(limited, "{\"a\":\"12345678\"}")).isEqualTo(Map.of("a", "12345678"));
        assertThatThrownBy(() -> read(limited, "{\"a\":\"123456789\"}"))
                .isInstanceOf(DataException.class)
                .hasMessage("JSON value of topic 'voice-callthread' cannot be read: 17 bytes exceed the limit of 16 "
                        + "(max.bytes)");
    }

    @Test
    void nullAndEmptyInputAreNullAsForKafkasJsonConverter() {
        assertThat(converter.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(converter.toConnectData("t", new byte[0]).value()).isNull();
        assertThat(converter.toConnectData("t", " \n\t".getBytes(StandardCharsets.UTF_8)).value()).isNull();
        assertThat(converter.fromConnectData("t", null, null)).isNull();
        assertThat(converter.fromConnectData("t", Schema.OPTIONAL_STRING_SCHEMA, null)).isNull();
    }

    @Test
    void fromConnectDataWritesSchemalessAndSchemaDataWithTheSuitesRenderer() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("big", new BigDecimal("12345678901234567890123"));
        value.put("price", new BigDecimal("19.90"));
        value.put("n", null);
        value.put("list", List.of(1L, "a", true));
        assertThat(render(value)).isEqualTo("{\"big\":12345678901234567890123,\"price\":19.90,\"n\":null,"
                + "\"list\":[1,\"a\",true]}");

        Schema schema = SchemaBuilder.struct().field("amount", Decimal.schema(2)).field("at", Timestamp.SCHEMA).build();
        Struct struct = new Struct(schema).put("amount", new BigDecimal("1.05")).put("at", new java.util.Date(0));
        assertThat(new String(converter.fromConnectData("t", schema, struct), StandardCharsets.UTF_8))
                .isEqualTo("{\"amount\":1.05,\"at\":\"1970-01-01T00:00:00.000Z\"}");
        assertThatThrownBy(() -> converter.fromConnectData("t", null, new Object()))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("JSON value for topic 't' cannot be written: Cannot render a value of type "
                        + "java.lang.Object");
    }

    @Test
    void headersAreReadAndWrittenLikeValues() {
        JsonConverter headers = new JsonConverter();
        headers.configure(Map.of("converter.type", "header"));
        assertThat(headers.toConnectHeader("t", "h", "{\"a\":1.10}".getBytes(StandardCharsets.UTF_8)).value())
                .isEqualTo(Map.of("a", new BigDecimal("1.10")));
        assertThat(headers.toConnectHeader("t", "h", null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(new String(headers.fromConnectHeader("t", "h", null, List.of(1L, "x")), StandardCharsets.UTF_8))
                .isEqualTo("[1,\"x\"]");
        assertThat(headers.fromConnectHeader("t", "h", null, null)).isNull();
        assertThatThrownBy(() -> headers.toConnectHeader("t", "trace", "{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("JSON header 'trace' of topic 't' cannot be read: ");
    }

    @Test
    void asKeyConverterTheMessageSaysKey() {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of(), true);
        assertThatThrownBy(() -> keys.toConnectData("t", "{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("JSON key of topic 't' cannot be read: ");
    }

    @Test
    void schemasEnableTrueIsRefusedFalseAccepted() {
        assertThat(read(converter(Map.of("schemas.enable", "false")), "{\"schema\":1}")).isEqualTo(Map.of("schema", 1L));
        assertThatThrownBy(() -> converter(Map.of("schemas.enable", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value true for configuration schemas.enable: this converter reads and writes "
                        + "schemaless JSON only; remove the key or set it to false, or use "
                        + "org.apache.kafka.connect.json.JsonConverter for JSON with schema envelopes");
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> converter(Map.of(JsonConverterConfig.MAX_DEPTH, "1001")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 1001 for configuration max.depth: Value must be no more than 1000");
        assertThatThrownBy(() -> converter(Map.of(JsonConverterConfig.MAX_BYTES, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 0 for configuration max.bytes: Value must be at least 1");
    }

    @Test
    void unconfiguredUseIsAnError() {
        assertThatThrownBy(() -> new JsonConverter().toConnectData("t", new byte[] {'1'}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JsonConverter.configure() has not been called");
    }

    @Test
    void reportsTheSuitesVersion() {
        assertThat(converter.version()).isEqualTo(EventStreamVersion.get()).isNotEqualTo("unknown");
    }

    @Test
    void configuredFromAMutableOrImmutableMapAlike() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(JsonConverterConfig.MAX_DEPTH, 2);
        assertThat(read(converter(settings), "[[1]]")).isEqualTo(List.of(List.of(1L)));
        assertThat(settings).doesNotContainKey("converter.type");
    }
}
