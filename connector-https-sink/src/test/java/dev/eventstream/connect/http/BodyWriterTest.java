package dev.eventstream.connect.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every body format with {@code value.encoding=json}: values that are JSON text but pretty-printed, with CRLF line
 * ends, surrounding whitespace or a byte order mark keep the body well-formed (one NDJSON line per value), and
 * values that are not exactly one UTF-8 JSON value fail alone with their reason, never reaching the body.
 */
class BodyWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String PRETTY = "{\n  \"id\" : \"EventEstablished\",\n  \"text\" : \"two\\nlines\",\n"
            + "  \"n\" : 12345678901234567890123,\n  \"tags\" : [ \"a\", {\n    \"b\" : null\n  } ]\n}";
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** JSON text as producers write it, each parsing to the same document. */
    private static final List<Object> VALUES = List.of(
            PRETTY,
            PRETTY.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
            "\n\t " + PRETTY + " \n\n",
            concat(UTF8_BOM, "{\"id\":\"EventEstablished\",\"text\":\"two\\nlines\",\"n\":12345678901234567890123,\"tags\":[\"a\",{\"b\":null}]}"),
            "  {\"id\":\"EventEstablished\", \"text\":\"two\\nlines\", \"n\":12345678901234567890123, \"tags\":[\"a\",{\"b\":null}]}\t");

    private static BatchRenderer renderer(String bodyFormat, String maxRecords) {
        Map<String, String> props = Records.config("https://hooks.example/x");
        props.put("http.compression", "none");
        props.put("value.encoding", "json");
        props.put("body.format", bodyFormat);
        props.put("batch.max.records", maxRecords);
        HttpsSinkConfig config = new HttpsSinkConfig(props);
        return new BatchRenderer(config, BodyWriter.forConfig(config), null, () -> 1_700_000_000L);
    }

    private static List<SinkRecord> records(List<?> values) {
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(Records.raw("voice", 0, i, values.get(i)));
        }
        return records;
    }

    @Test
    void ndjsonHasOneLinePerValueWhateverItsWhitespace() throws IOException {
        RenderedBatch batch = renderer("ndjson", "500").render(records(VALUES));
        String body = new String(batch.body(), StandardCharsets.UTF_8);
        assertThat(body).endsWith("\n");
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        assertThat(lines).hasSize(VALUES.size());
        for (String line : lines) {
            assertThat(MAPPER.readTree(line)).isEqualTo(MAPPER.readTree(PRETTY));
            assertThat(line).startsWith("{").endsWith("}");
        }
        assertThat(body).doesNotContain("\r", "\uFEFF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json_array", "cloudevents"})
    void batchesAreOneJsonDocumentWithEveryValueInIt(String bodyFormat) throws IOException {
        RenderedBatch batch = renderer(bodyFormat, "500").render(records(VALUES));
        JsonNode body = MAPPER.readTree(batch.body());
        assertThat(body).hasSize(VALUES.size());
        for (JsonNode element : body) {
            JsonNode value = bodyFormat.equals("cloudevents") ? element.get("data") : element;
            assertThat(value).isEqualTo(MAPPER.readTree(PRETTY));
        }
        assertThat(new String(batch.body(), StandardCharsets.UTF_8)).doesNotContain("\n", "\uFEFF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "cloudevents"})
    void oneRecordBodiesAreCompactToo(String bodyFormat) throws IOException {
        for (Object value : VALUES) {
            RenderedBatch batch = renderer(bodyFormat, "1").render(records(List.of(value)));
            String body = new String(batch.body(), StandardCharsets.UTF_8);
            JsonNode document = MAPPER.readTree(body);
            assertThat(bodyFormat.equals("single") ? document : document.get("data")).isEqualTo(MAPPER.readTree(PRETTY));
            assertThat(body).doesNotContain("\n", "\uFEFF").doesNotStartWith(" ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ndjson", "json_array", "cloudevents"})
    void valuesThatAreNotOneUtf8JsonValueFailAloneWithTheirReason(String bodyFormat) throws IOException {
        List<Object> values = List.of("{\"ok\":1}", "not json", "{}{}", "{\"a\":1} trailing", "{\"a\":\"raw\nnewline\"}",
                "{\"ok\":2}".getBytes(StandardCharsets.UTF_16), "{\"ok\":3}");
        RenderedBatch batch = renderer(bodyFormat, "500").render(records(values));

        assertThat(batch.sent()).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 6L);
        assertThat(batch.covered()).hasSize(values.size());
        assertThat(batch.failures()).extracting(failure -> failure.error().getMessage()).containsExactly(
                "Cannot render record as JSON (topic voice, partition 0, offset 1): Not well-formed JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at byte 4",
                "Cannot render record as JSON (topic voice, partition 0, offset 2): Expected one JSON value, found more after it at byte 2",
                "Cannot render record as JSON (topic voice, partition 0, offset 3): Not well-formed JSON: Unrecognized token 'trailing': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at byte 16",
                "Cannot render record as JSON (topic voice, partition 0, offset 4): Not well-formed JSON: Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value at byte 9",
                "Cannot render record as JSON (topic voice, partition 0, offset 5): JSON text must be UTF-8 (RFC 8259), these bytes look like UTF-16 or UTF-32");
        String body = new String(batch.body(), StandardCharsets.UTF_8);
        if (bodyFormat.equals("ndjson")) {
            assertThat(body).isEqualTo("{\"ok\":1}\n{\"ok\":3}\n");
        } else {
            JsonNode document = MAPPER.readTree(body);
            assertThat(document).hasSize(2);
            assertThat(bodyFormat.equals("cloudevents") ? document.get(1).get("data") : document.get(1))
                    .isEqualTo(MAPPER.readTree("{\"ok\":3}"));
        }
    }

    private static byte[] concat(byte[] prefix, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(bytes, 0, out, prefix.length, bytes.length);
        return out;
    }
}
