package dev.eventstream.connect.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.json.JsonRenderer;
import dev.eventstream.connect.json.SourcedJsonArray;
import dev.eventstream.connect.json.SourcedJsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FieldFilter on the JSON converter's objects (built here as the parser builds them, from their text): the
 * containers it copies start as {@code emptyCopy()}, so the renderer still copies their untouched members from the
 * text. Seen by changing the source bytes after parsing: a member copied from the text shows the change.
 */
class FieldFilterSourcedJsonTest {

    private static final String TEXT = "{\"a\":\"keep\",\"b\":\"mask\",\"n\":{\"c\":\"drop\",\"d\":\"stay\"},\"l\":[\"x\",\"y\"]}";

    private final FieldFilter<SinkRecord> transform = new FieldFilter.Value<>();

    @AfterEach
    void close() {
        transform.close();
    }

    @Test
    void copiesOfParsedObjectsKeepTheTextOfTheirUntouchedMembers() {
        transform.configure(Map.of("fields.mask", "b", "fields.drop", "n.c"));
        byte[] source = TEXT.getBytes(StandardCharsets.UTF_8);
        SourcedJsonObject parsed = parse(source);

        Object edited = transform.apply(new SinkRecord("t", 0, null, null, null, parsed, 0)).value();

        assertThat(edited).isInstanceOf(SourcedJsonObject.class).isNotSameAs(parsed);
        assertThat(((Map<?, ?>) edited).get("n")).isInstanceOf(SourcedJsonObject.class);
        String expected = "{\"a\":\"keep\",\"b\":\"****\",\"n\":{\"d\":\"stay\"},\"l\":[\"x\",\"y\"]}";
        assertThat(render(edited)).isEqualTo(expected);
        assertThat(render(parsed)).as("the input is not changed").isEqualTo(TEXT);

        overwrite(source, "keep", "KEEP");
        overwrite(source, "stay", "STAY");
        overwrite(source, "\"x\"", "\"X\"");
        assertThat(render(edited)).as("untouched members are copied from the text")
                .isEqualTo(expected.replace("keep", "KEEP").replace("stay", "STAY").replace("\"x\"", "\"X\""));
    }

    /** The members of {@link #TEXT}, added with the spans the JSON converter would give them. */
    private static SourcedJsonObject parse(byte[] source) {
        String text = new String(source, StandardCharsets.ISO_8859_1);
        SourcedJsonObject root = new SourcedJsonObject(source, 0);
        root.putParsed("a", "keep", text.indexOf("\"keep\""), text.indexOf("\"keep\"") + 6, true);
        root.putParsed("b", "mask", text.indexOf("\"mask\""), text.indexOf("\"mask\"") + 6, true);
        SourcedJsonObject nested = new SourcedJsonObject(source, text.indexOf("{\"c\""));
        root.putParsed("n", nested, -1, -1, true);
        nested.putParsed("c", "drop", text.indexOf("\"drop\""), text.indexOf("\"drop\"") + 6, true);
        nested.putParsed("d", "stay", text.indexOf("\"stay\""), text.indexOf("\"stay\"") + 6, true);
        nested.endParsed(text.indexOf('}') + 1);
        root.nestedEnded(nested);
        SourcedJsonArray list = new SourcedJsonArray(source, text.indexOf('['));
        root.putParsed("l", list, -1, -1, true);
        list.addParsed("x", text.indexOf("\"x\""), text.indexOf("\"x\"") + 3, true);
        list.addParsed("y", text.indexOf("\"y\""), text.indexOf("\"y\"") + 3, true);
        list.endParsed(text.indexOf(']') + 1);
        root.nestedEnded(list);
        root.endParsed(text.length());
        return root;
    }

    private static String render(Object value) {
        return new String(JsonRenderer.INSTANCE.toBytes(null, value), StandardCharsets.UTF_8);
    }

    private static void overwrite(byte[] source, String from, String to) {
        int at = new String(source, StandardCharsets.ISO_8859_1).indexOf(from);
        assertThat(at).isNotNegative();
        System.arraycopy(to.getBytes(StandardCharsets.UTF_8), 0, source, at, to.length());
    }
}
