package dev.eventstream.connect.json.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.json.JsonRenderer;
import dev.eventstream.connect.json.SourcedJsonArray;
import dev.eventstream.connect.json.SourcedJsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converter's objects and arrays remember their text, and the renderer copies what is unchanged and canonical
 * from it instead of encoding it again. These tests see the copy by changing the source bytes after parsing (the
 * converter keeps a reference to them): a copied member shows the change, an encoded one does not. Whatever is
 * copied, the output must be byte for byte what the renderer writes for a plain copy of the same data.
 */
class SourcedRenderingTest {

    private static final String EVENT = "{\"id\":\"EventEstablished\",\"seq\":12,\"ANI\":\"+15550101\",\"Cost\":1.50,"
            + "\"Big\":12345678901234567890123,\"Recorded\":true,\"None\":null,"
            + "\"Parties\":[{\"number\":\"+1555\",\"role\":\"Caller\"},{\"number\":\"7001\",\"role\":\"Agent\"}],"
            + "\"UserData\":{\"Segment\":\"gold\",\"Card\":\"4111\"},\"Notes\":\"customer asked about a refund\"}";

    private final JsonConverter converter = JsonConverterTest.converter(Map.of());

    @Test
    void anUnchangedObjectIsWrittenAsTheTextItCameFrom() {
        byte[] source = bytes(EVENT);
        Object value = converter.toConnectData("t", source).value();
        assertThat(value).isInstanceOf(SourcedJsonObject.class);
        assertThat(render(value)).isEqualTo(EVENT);

        replace(source, "refund", "REFUND");
        assertThat(render(value)).as("copied from the source bytes, not encoded again")
                .isEqualTo(EVENT.replace("refund", "REFUND"));
    }

    @Test
    void aChangedObjectCopiesItsUnchangedMembersAndEncodesTheRest() {
        byte[] source = bytes(EVENT);
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) converter.toConnectData("t", source).value();
        value.put("ANI", "****");
        @SuppressWarnings("unchecked")
        Map<String, Object> userData = (Map<String, Object>) value.get("UserData");
        userData.remove("Card");

        String expected = EVENT.replace("+15550101", "****").replace(",\"Card\":\"4111\"", "");
        assertThat(render(value)).isEqualTo(expected).isEqualTo(render(plainCopy(value)));

        replace(source, "refund", "REFUND");
        replace(source, "Caller", "CALLER");
        replace(source, "gold", "GOLD");
        assertThat(render(value)).as("unchanged members, the unchanged array and a member of the changed nested "
                + "object are copied").isEqualTo(expected.replace("refund", "REFUND").replace("Caller", "CALLER")
                .replace("gold", "GOLD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\": 1, \"b\" :[true ,null]}",
        "{\"n\":1.5e3,\"m\":-2E-2,\"z\":-0,\"y\":-0.0,\"x\":-0.10}",
        "{\"s\":\"a\\\"b\\\\c\\u0041\\/\",\"t\":\"caf\u00e9 \uD83D\uDE00\",\"\\u0061\":1,\"\u00e9\":2}",
        "{\"a\":1,\"b\":2,\"a\":3}",
        "[1,\n2,{\"a\":[ ]},[],{}]",
        "{\"deep\":[[[{\"x\":[1,2,{\"y\":\"z\"}]}]]]}"
    })
    void textThatTheRendererWouldWriteOtherwiseIsEncoded(String json) {
        Object value = converter.toConnectData("t", bytes(json)).value();
        assertThat(render(value)).isEqualTo(render(plainCopy(value)));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
            change("put a new member", m -> m.put("added", "x")),
            change("put a new value", m -> m.put("seq", 13L)),
            change("put null", m -> m.put("id", null)),
            change("remove the first member", m -> m.remove("id")),
            change("remove the last member", m -> m.remove("Notes")),
            change("remove through the iterator", m -> {
                Iterator<String> names = m.keySet().iterator();
                names.next();
                names.next();
                names.remove();
            }),
            change("set through an entry", m -> m.entrySet().iterator().next().setValue("other")),
            change("remove through the values view", m -> m.values().remove(Boolean.TRUE)),
            change("swap two values", m -> {
                Object ani = m.get("ANI");
                m.put("ANI", m.get("id"));
                m.put("id", ani);
            }),
            change("clear and put everything back in another order", m -> {
                Map<String, Object> before = new LinkedHashMap<>(m);
                m.clear();
                List<String> names = new ArrayList<>(before.keySet());
                Collections.reverse(names);
                names.forEach(name -> m.put(name, before.get(name)));
            }),
            change("change a nested object in place", m -> nested(m, "UserData").put("Segment", "silver")),
            change("set an array element in place", m -> array(m, "Parties").set(0, "gone")),
            change("add to an array in place", m -> array(m, "Parties").add(0, 7L)),
            change("remove from an array in place", m -> array(m, "Parties").remove(1)),
            change("change an object inside an array", m -> nestedIn(array(m, "Parties"), 1).put("role", "Boss")),
            change("replace a nested object by a plain map", m -> m.put("UserData", Map.of("k", "v"))),
            change("move a nested object to another name", m -> m.put("Moved", m.remove("UserData")))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void everyChangeIsSeen(String what, Consumer<Map<String, Object>> change) {
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) converter.toConnectData("t", bytes(EVENT)).value();
        Object untouched = plainCopy(value);
        change.accept(value);
        Object expected = plainCopy(value);
        assertThat(render(expected)).as("the change changes the JSON").isNotEqualTo(render(untouched));
        assertThat(render(value)).isEqualTo(render(expected));
    }

    @Test
    void aCopyStartedFromEmptyCopyKeepsTheTextOfWhatItCopiesUntouched() {
        byte[] source = bytes(EVENT);
        SourcedJsonObject parsed = (SourcedJsonObject) converter.toConnectData("t", source).value();
        SourcedJsonObject copy = parsed.emptyCopy();
        parsed.forEach((name, value) -> copy.put(name, name.equals("ANI") ? "****" : value));
        SourcedJsonArray parties = (SourcedJsonArray) parsed.get("Parties");
        SourcedJsonArray partiesCopy = parties.emptyCopy();
        partiesCopy.addAll(parties);
        copy.put("Parties", partiesCopy);

        String expected = EVENT.replace("+15550101", "****");
        assertThat(render(copy)).isEqualTo(expected).isEqualTo(render(plainCopy(copy)));
        replace(source, "refund", "REFUND");
        replace(source, "Caller", "CALLER");
        assertThat(render(copy)).isEqualTo(expected.replace("refund", "REFUND").replace("Caller", "CALLER"));
        assertThat(parsed).as("the original is not changed").doesNotContainEntry("ANI", "****");
    }

    private static Arguments change(String what, Consumer<Map<String, Object>> change) {
        return Arguments.of(what, change);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String name) {
        return (Map<String, Object>) map.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Map<String, Object> map, String name) {
        return (List<Object>) map.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nestedIn(List<Object> list, int index) {
        return (Map<String, Object>) list.get(index);
    }

    /** The same data in plain LinkedHashMaps and ArrayLists, which the renderer always encodes. */
    private static Object plainCopy(Object value) {
        if (value instanceof Map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((name, member) -> copy.put(name, plainCopy(member)));
            return copy;
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) value).forEach(element -> copy.add(plainCopy(element)));
            return copy;
        }
        return value;
    }

    private static String render(Object value) {
        return new String(JsonRenderer.INSTANCE.toBytes(null, value), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Overwrites the first occurrence of {@code from} in {@code source} with {@code to} (same length, ASCII). */
    private static void replace(byte[] source, String from, String to) {
        String text = new String(source, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertThat(at).as("'%s' in the source", from).isNotNegative();
        System.arraycopy(bytes(to), 0, source, at, to.length());
    }
}
