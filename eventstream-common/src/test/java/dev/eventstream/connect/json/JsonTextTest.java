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

    private static final String STRUCTURAL = "{}[]:,";

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
    void acceptsScalarsAndDropsSurroundingWhitespace() throws IOException {
        assertThat(inArray(" 42 ", "true\t", "\"s\"", "null", "\n\r\n 7\r\n", "\"a b\" "))
                .isEqualTo("[42,true,\"s\",null,7,\"a b\"]");
    }

    @Test
    void writesAValueThatSpansLinesOnOneLineWithItsStringsAsTheyAre() throws IOException {
        String pretty = "{\n  \"id\" : \"a \\\" b\\\\\",\r\n  \"text\": \"  two  spaces, \\n escaped \",\n"
                + "  \"n\": 12345678901234567890123, \"cost\": 0.1250,\n  \"tags\": [ 1,\n\t2 ],\r  \"u\": \"ü \\ud83d\\ude00\"\n}\n";
        String compact = "{\"id\":\"a \\\" b\\\\\",\"text\":\"  two  spaces, \\n escaped \",\"n\":12345678901234567890123,"
                + "\"cost\":0.1250,\"tags\":[1,2],\"u\":\"ü \\ud83d\\ude00\"}";
        assertThat(inArray(pretty, pretty.getBytes(StandardCharsets.UTF_8))).isEqualTo("[" + compact + "," + compact + "]");
        assertThat(new ObjectMapper().readTree(compact)).isEqualTo(new ObjectMapper().readTree(pretty));
    }

    /** A line break wherever JSON allows whitespace: none is left in what is written. */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r", "\r\n", " \n\t"})
    void noLineBreakSurvivesAnywhereOutsideStrings(String lineBreak) throws IOException {
        String compact = "{\"a\":[1,-2.5e3,\"x y\",{\"b\":null,\"c\":true}],\"d\":{}}";
        for (int at = 0; at <= compact.length(); at++) {
            if (!betweenTokens(compact, at)) {
                continue;
            }
            String broken = compact.substring(0, at) + lineBreak + compact.substring(at);
            assertThat(inArray(broken.getBytes(StandardCharsets.UTF_8))).as("line break at %d", at).isEqualTo("[" + compact + "]");
        }
    }

    @Test
    void dropsAUtf8ByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] withBom = ByteBuffer.allocate(3 + 7).put(bom).put("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).array();
        assertThat(inArray(withBom)).isEqualTo("[{\"a\":1}]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}{}", "{} x", "{}]", "123abc", "\"a\"b", "[1]\n[2]", "{\"a\":\"x\ny\"}", "{\"a\":\"tab\there\"}",
            "// comment\n{}", "NaN", "{\"a\":1,}"})
    void rejectsTrailingGarbageSecondDocumentsAndRawControlCharactersInStrings(String text) {
        assertThatThrownBy(() -> inArray(text)).isInstanceOf(DataException.class);
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> inArray("{\"a\":1}".getBytes(StandardCharsets.UTF_16BE))).isInstanceOf(DataException.class)
                .hasMessage("JSON text must be UTF-8 (RFC 8259), these bytes look like UTF-16 or UTF-32");
        assertThatThrownBy(() -> inArray("{\"a\":1}".getBytes(StandardCharsets.UTF_16))).isInstanceOf(DataException.class)
                .hasMessageContaining("must be UTF-8");
        assertThatThrownBy(() -> inArray(new byte[] {'"', (byte) 0xC3, '"'})).isInstanceOf(DataException.class)
                .hasMessageContaining("Not well-formed JSON");
        assertThatThrownBy(() -> inArray(new byte[] {'"', (byte) 0xFF, '"'})).isInstanceOf(DataException.class)
                .hasMessageContaining("Not well-formed JSON");
    }

    /** Between two tokens: not inside a string, a number or a literal. */
    private static boolean betweenTokens(String json, int at) {
        boolean inString = false;
        for (int i = 0; i < at; i++) {
            char c = json.charAt(i);
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            }
        }
        return !inString && (at == 0 || at == json.length() || STRUCTURAL.indexOf(json.charAt(at - 1)) >= 0
                || STRUCTURAL.indexOf(json.charAt(at)) >= 0);
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
