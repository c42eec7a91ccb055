package dev.eventstream.connect.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parse with Kafka's JsonConverter, render with {@link JsonRenderer}: the JSON that comes out equals the JSON
 * that went in (as Jackson trees, numbers compared by value), over realistic contact-center events.
 */
class JsonConverterRoundTripTest {

    /** Exact numbers on both sides, so a lost digit shows. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JsonConverterRoundTripTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static JsonConverter converter(boolean schemasEnabled) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", Boolean.toString(schemasEnabled)), false);
        return converter;
    }

    private static void assertSameJson(byte[] rendered, JsonNode expected) throws IOException {
        JsonNode actual = EXACT.readTree(rendered);
        assertThat(actual.equals(NUMBERS_BY_VALUE, expected))
                .as("rendered %s%nexpected %s", actual, expected)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"voice-call-established.json", "agent-state.json", "chat-message.json"})
    void schemalessRoundTrip(String event) throws IOException {
        byte[] input = resource(event);
        SchemaAndValue parsed = converter(false).toConnectData("voice-callthread", input);
        assertThat(parsed.schema()).isNull();

        byte[] rendered = JsonRenderer.INSTANCE.toBytes(parsed.schema(), parsed.value());

        // JsonConverter (schemaless) reads floating-point numbers as doubles: compare with doubles on the input side
        assertSameJson(rendered, new ObjectMapper().readTree(input));
    }

    @Test
    void schemalessJsonConverterLosesBigNumbersButTheRendererDoesNot() throws IOException {
        byte[] input = resource("big-numbers.json");
        Object viaConverter = converter(false).toConnectData("billing", input).value();
        // Kafka's JsonConverter (schemas.enable=false) reads integers as long and decimals as double:
        // digits are lost before any renderer sees the value. Documented in the module README.
        assertThat(EXACT.readTree(JsonRenderer.INSTANCE.toBytes(null, viaConverter)).equals(NUMBERS_BY_VALUE, EXACT.readTree(input)))
                .isFalse();

        // The same event as exact Java numbers (BigDecimal/BigInteger) renders exactly.
        Object exact = EXACT.convertValue(EXACT.readTree(input), Object.class);
        assertSameJson(JsonRenderer.INSTANCE.toBytes(null, exact), EXACT.readTree(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"typed-voice-call.json", "big-numbers.json"})
    void schemaEnvelopeRoundTrip(String event) throws IOException {
        JsonNode payload = EXACT.readTree(resource(event));
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.set("schema", SchemaInference.schemaOf(payload, false));
        envelope.set("payload", payload);

        SchemaAndValue parsed = converter(true).toConnectData("voice-callthread", EXACT.writeValueAsBytes(envelope));
        assertThat(parsed.schema()).isNotNull();

        assertSameJson(JsonRenderer.INSTANCE.toBytes(parsed.schema(), parsed.value()), payload);
    }

    @Test
    void schemaEnvelopeWithLogicalTypes() throws IOException {
        String envelope = "{\"schema\":{\"type\":\"struct\",\"name\":\"CallSummary\",\"fields\":["
                + "{\"field\":\"started\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},"
                + "{\"field\":\"day\",\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1},"
                + "{\"field\":\"at\",\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\",\"version\":1},"
                + "{\"field\":\"cost\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
                + "\"parameters\":{\"scale\":\"4\"}},"
                + "{\"field\":\"costB64\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
                + "\"parameters\":{\"scale\":\"2\"}},"
                + "{\"field\":\"recording\",\"type\":\"bytes\",\"optional\":true},"
                + "{\"field\":\"labels\",\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"int32\"}},"
                + "{\"field\":\"region\",\"type\":\"string\",\"optional\":true,\"default\":\"eu-west-1\"}"
                + "]},\"payload\":{\"started\":1795342530123,\"day\":20414,\"at\":36930123,"
                + "\"cost\":12345678901234.5678,\"costB64\":\"MDk=\",\"recording\":\"AAEC\",\"labels\":{\"a\":1},\"region\":null}}";
        SchemaAndValue parsed = converter(true).toConnectData("t", envelope.getBytes(StandardCharsets.UTF_8));

        String rendered = new String(JsonRenderer.INSTANCE.toBytes(parsed.schema(), parsed.value()), StandardCharsets.UTF_8);

        assertThat(rendered).isEqualTo("{\"started\":\"2026-11-22T10:15:30.123Z\",\"day\":\"2025-11-22\","
                + "\"at\":\"10:15:30.123\",\"cost\":12345678901234.5678,\"costB64\":123.45,\"recording\":\"AAEC\","
                + "\"labels\":{\"a\":1},\"region\":\"eu-west-1\"}");
    }

    /** Derives a Connect JSON-envelope schema from a homogeneous JSON document (test data only). */
    static final class SchemaInference {

        private SchemaInference() {
        }

        static JsonNode schemaOf(JsonNode node, boolean optional) {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("optional", optional);
            if (node.isObject()) {
                schema.put("type", "struct");
                ArrayNode fields = schema.putArray("fields");
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    ObjectNode field = (ObjectNode) schemaOf(entry.getValue(), true);
                    field.put("field", entry.getKey());
                    fields.add(field);
                }
            } else if (node.isArray()) {
                schema.put("type", "array");
                JsonNode first = node.size() > 0 ? node.get(0) : JsonNodeFactory.instance.textNode("");
                schema.set("items", schemaOf(first, true));
            } else if (node.isTextual() || node.isNull()) {
                schema.put("type", "string");
            } else if (node.isBoolean()) {
                schema.put("type", "boolean");
            } else if (node.isIntegralNumber() && node.canConvertToLong()) {
                schema.put("type", "int64");
            } else if (node.isNumber() && isExactDouble(node.decimalValue())) {
                schema.put("type", "double");
            } else {
                schema.put("type", "bytes");
                schema.put("name", Decimal.LOGICAL_NAME);
                schema.putObject("parameters").put("scale", Integer.toString(node.decimalValue().scale()));
            }
            return schema;
        }

        private static boolean isExactDouble(BigDecimal value) {
            return new BigDecimal(Double.toString(value.doubleValue())).compareTo(value) == 0;
        }
    }
}
