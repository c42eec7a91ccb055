package dev.eventstream.connect.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    private static final String EVENT = "{\"id\":\"EventEstablished\",\"ANI\":\"+4930123\",\"n\":12345678901234567890123,"
            + "\"cost\":0.1250,\"tags\":[\"a\",{\"b\":null}],\"emoji\":\"\\ud83d\\ude00 ü\"}";

    @Test
    void copiesTheBytesExactlyInsideTheDocumentAroundThem() throws IOException {
        byte[] event = EVENT.getBytes(StandardCharsets.UTF_8);
        String written = inArray(event, EVENT, ByteBuffer.wrap(("xx" + EVENT + "yy").getBytes(StandardCharsets.UTF_8), 2, event.length).slice());
        assertThat(written).isEqualTo("[" + EVENT + "," + EVENT + "," + EVENT + "]");
        // big numbers and decimal scale survive, unlike a parse into Connect data
        assertThat(new ObjectMapper().readTree(written).get(0).get("n").bigIntegerValue().toString())
                .isEqualTo("12345678901234567890123");
    }

    @Test
    void writesValuesLargerThanTheGeneratorsBuffer() throws IOException {
        String big = "[\"" + "x".repeat(100_000) + "\"]";
        assertThat(inArray(big)).isEqualTo("[" + big + "]");
    }

    @Test
    void keepsTheGeneratorsContextRightForFieldValues() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonRenderer.jsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("data");
            JsonText.write("{\"a\":1}", g);
            g.writeStringField("id", "t-0-1");
            g.writeEndObject();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"a\":1},\"id\":\"t-0-1\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"a\":", "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "{a:1}", "[1,2", "nul", "\"unterminated"})
    void rejectsAnythingButExactlyOneWellFormedValue(String text) {
        assertThatThrownBy(() -> inArray(text)).isInstanceOf(DataException.class);
    }

    @Test
    void rejectsValuesThatAreNotText() {
        assertThatThrownBy(() -> inArray(42)).isInstanceOf(DataException.class)
                .hasMessageContaining("StringConverter or ByteArrayConverter").hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> inArray(List.of(1))).isInstanceOf(DataException.class);
    }

    @Test
    void acceptsScalarsAndSurroundingWhitespace() throws IOException {
        assertThat(inArray(" 42 ", "true", "\"s\"", "null")).isEqualTo("[ 42 ,true,\"s\",null]");
    }

    private static String inArray(Object... values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonRenderer.jsonFactory().createGenerator(out)) {
            g.writeStartArray();
            for (Object value : values) {
                JsonText.write(value, g);
            }
            g.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
