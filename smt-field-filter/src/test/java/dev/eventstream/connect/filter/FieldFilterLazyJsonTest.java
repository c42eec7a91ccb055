package dev.eventstream.connect.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.json.JsonRenderer;
import dev.eventstream.connect.json.JsonScanner;
import dev.eventstream.connect.json.LazyJsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FieldFilter on the suite's lazy JSON objects: the same result as on ordinary maps, the input left unchanged, and
 * every member no path names left unread, so that the renderer copies it from the record's bytes.
 */
class FieldFilterLazyJsonTest {

    private static final String EVENT = "{\"id\":\"EventEstablished\",\"ANI\":\"+4930123456\",\"Cost\":12.50,"
            + "\"UserData\":{\"CustomerSegment\":\"gold\",\"CreditCard\":\"4111111111111111\","
            + "\"CustomerEmail\":\"c1@mail.example\"},\"Parties\":[{\"role\":\"agent\"}],\"Notes\":\"keep me\"}";

    private final FieldFilter<SinkRecord> transform = new FieldFilter.Value<>();

    @AfterEach
    void close() {
        transform.close();
    }

    private static LazyJsonObject lazy(byte[] bytes) {
        return new JsonScanner(1000, 100_000).object(bytes, 0);
    }

    private Object filter(Object value) {
        transform.configure(Map.of(FieldFilterConfig.DROP, "UserData.CreditCard", FieldFilterConfig.MASK, "ANI",
                FieldFilterConfig.HASH, "UserData.CustomerEmail", FieldFilterConfig.HASH_SECRET, "s3cret"));
        return transform.apply(new SinkRecord("t", 0, null, null, null, value, 0)).value();
    }

    private static String render(Object value) {
        return new String(JsonRenderer.INSTANCE.toBytes(null, value), StandardCharsets.UTF_8);
    }

    @Test
    void editsALazyObjectAsAnOrdinaryMapAndLeavesTheInputUnchanged() {
        byte[] bytes = EVENT.getBytes(StandardCharsets.UTF_8);
        LazyJsonObject input = lazy(bytes);
        Map<String, Object> eager = new LinkedHashMap<>(lazy(bytes));
        eager.put("UserData", new LinkedHashMap<>((Map<?, ?>) eager.get("UserData")));

        Object filtered = filter(input);
        FieldFilter<SinkRecord> other = new FieldFilter.Value<>();
        other.configure(Map.of(FieldFilterConfig.DROP, "UserData.CreditCard", FieldFilterConfig.MASK, "ANI",
                FieldFilterConfig.HASH, "UserData.CustomerEmail", FieldFilterConfig.HASH_SECRET, "s3cret"));
        Object expected = other.apply(new SinkRecord("t", 0, null, null, null, eager, 0)).value();
        other.close();

        assertThat(filtered).isInstanceOf(LazyJsonObject.class).isEqualTo(expected);
        assertThat(render(filtered)).isEqualTo(render(expected));
        assertThat(List.<Object>copyOf(((Map<?, ?>) filtered).keySet())).containsExactly("id", "ANI", "Cost", "UserData", "Parties", "Notes");
        assertThat(render(input)).isEqualTo(EVENT);
    }

    @Test
    void membersNoPathNamesAreRenderedFromTheSourceBytes() {
        byte[] bytes = EVENT.getBytes(StandardCharsets.UTF_8);
        Object filtered = filter(lazy(bytes));
        // a probe: change bytes the filter had no reason to read; only a copy of the source shows the change
        replace(bytes, "keep me", "KEEP ME");
        replace(bytes, "gold", "GOLD");
        String rendered = render(filtered);
        assertThat(rendered).contains("\"Notes\":\"KEEP ME\"", "\"CustomerSegment\":\"GOLD\"", "\"Cost\":12.50")
                .doesNotContain("4111111111111111", "c1@mail.example", "+4930123456");
        assertThat(rendered).startsWith("{\"id\":\"EventEstablished\",\"ANI\":\"");
    }

    @Test
    void anObjectNoPathChangesIsReturnedAsItIs() {
        LazyJsonObject input = lazy("{\"id\":\"x\",\"UserData\":{\"Language\":\"en\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(filter(input)).isSameAs(input);
    }

    private static void replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertThat(at).isNotNegative();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, at, to.length());
    }
}
