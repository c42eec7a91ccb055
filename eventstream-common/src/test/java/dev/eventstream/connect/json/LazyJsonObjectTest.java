package dev.eventstream.connect.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LazyJsonObjectTest {

    private static final String EVENT = "{\"id\":\"EventEstablished\",\"seq\":42,\"Cost\":12.50,\"big\":"
            + "123456789012345678901234567890,\"ok\":true,\"none\":null,\"UserData\":{\"Segment\":\"gold\","
            + "\"Score\":7},\"Parties\":[{\"role\":\"agent\"},1,\"x\"],\"Notes\":\"caf\u00e9 \\\"quoted\\\"\"}";

    private static LazyJsonObject lazy(String json) {
        return lazy(json.getBytes(StandardCharsets.UTF_8));
    }

    private static LazyJsonObject lazy(byte[] bytes) {
        LazyJsonObject object = new JsonScanner(1000, 100_000).object(bytes, 0);
        assertThat(object).as("scanned").isNotNull();
        return object;
    }

    private static String render(Object value) {
        return new String(JsonRenderer.INSTANCE.toBytes(null, value), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> expectedEvent() {
        Map<String, Object> userData = new LinkedHashMap<>();
        userData.put("Segment", "gold");
        userData.put("Score", 7L);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "EventEstablished");
        expected.put("seq", 42L);
        expected.put("Cost", new BigDecimal("12.50"));
        expected.put("big", new BigDecimal("123456789012345678901234567890"));
        expected.put("ok", true);
        expected.put("none", null);
        expected.put("UserData", userData);
        expected.put("Parties", List.of(Map.of("role", "agent"), 1L, "x"));
        expected.put("Notes", "café \"quoted\"");
        return expected;
    }

    @Test
    void readsEveryTypeAsTheConverterDoes() {
        LazyJsonObject object = lazy(EVENT);
        assertThat(object).isEqualTo(expectedEvent()).hasSameHashCodeAs(expectedEvent());
        assertThat(expectedEvent()).isEqualTo(object);
        assertThat(object.toString()).isEqualTo(expectedEvent().toString());
        assertThat(object.get("UserData")).isInstanceOf(LazyJsonObject.class);
        assertThat(object.get("Parties")).isInstanceOf(ArrayList.class);
        assertThat(((List<?>) object.get("Parties")).get(0)).isInstanceOf(LazyJsonObject.class);
        assertThat(new HashMap<>(object)).isEqualTo(expectedEvent());
        assertThat(object.get("missing")).isNull();
        assertThat(object.containsKey("none")).isTrue();
        assertThat(object.containsKey(1)).isFalse();
        assertThat(object.getOrDefault("none", "d")).isNull();
        assertThat(object.getOrDefault("missing", "d")).isEqualTo("d");
        assertThat(object.containsValue(7L)).isFalse();
        assertThat(object.containsValue(42L)).isTrue();
    }

    @Test
    void repeatedNamesKeepTheirFirstPlaceAndLastValue() {
        LazyJsonObject object = lazy("{\"b\":1,\"a\":2,\"b\":{\"c\":3},\"\\u0061\":4}");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Map.of("c", 3L));
        expected.put("a", 4L);
        assertThat(object).isEqualTo(expected);
        assertThat(object.keySet()).containsExactly("b", "a");
        assertThat(render(object)).isEqualTo("{\"b\":{\"c\":3},\"a\":4}");
    }

    @Test
    void anUntouchedObjectIsWrittenAsItsExactSourceBytes() {
        String digits = "9" + "1234567890".repeat(999) + "876543210";
        String json = "{\"n\":" + digits + ",\"d\":-12." + "0123456789".repeat(100) + ",\"s\":\"\\\"\\\\\\n\\t\"," + EVENT.substring(1);
        LazyJsonObject object = lazy(json);
        assertThat(render(object)).isEqualTo(json);
        object.get("UserData");
        object.get("Notes");
        assertThat(render(object)).as("after reads").isEqualTo(json);
    }

    @Test
    void whitespaceOutsideStringsIsCompactedInCopiedBytes() {
        String pretty = "{\n  \"id\" : \"a b\",\n  \"UserData\" : {\n    \"x\" : [ 1, 2 ]\n  },\n  \"n\" : 1.50\n}";
        assertThat(render(lazy(pretty))).isEqualTo("{\"id\":\"a b\",\"UserData\":{\"x\":[1,2]},\"n\":1.50}");
        LazyJsonObject edited = lazy(pretty);
        edited.put("id", "c");
        assertThat(render(edited)).isEqualTo("{\"id\":\"c\",\"UserData\":{\"x\":[1,2]},\"n\":1.50}");
    }

    @Test
    void textTheRendererWritesDifferentlyIsRenderedFromItsValue() {
        // exponents written out, negative zero, \/ and \\u escapes: as the renderer writes them for any map
        String json = "{\"e\":1.5e3,\"z\":-0,\"s\":\"a\\/b \\u00e9 \\u001f\",\"\\u006Eame\":{\"x\":-0.0},\"kept\":\"k\"}";
        assertThat(render(lazy(json))).isEqualTo(render(new LinkedHashMap<>(lazy(json))))
                .isEqualTo("{\"e\":1500,\"z\":0,\"s\":\"a/b é \\u001F\",\"name\":{\"x\":0.0},\"kept\":\"k\"}");
    }

    @Test
    void changesAreRenderedAndEverythingElseCopied() {
        byte[] bytes = EVENT.getBytes(StandardCharsets.UTF_8);
        LazyJsonObject object = lazy(bytes);
        object.put("seq", 43L);
        object.remove("ok");
        object.put("added", List.of("x"));
        @SuppressWarnings("unchecked")
        Map<String, Object> userData = (Map<String, Object>) object.get("UserData");
        userData.put("Segment", "platinum");
        // a probe: bytes no one read change; only a copy of the source shows the change
        int at = EVENT.indexOf("EventEstablished");
        bytes[at] = 'X';
        assertThat(render(object)).isEqualTo(("{\"id\":\"XventEstablished\",\"seq\":43,\"Cost\":12.50,\"big\":"
                + "123456789012345678901234567890,\"none\":null,\"UserData\":{\"Segment\":\"platinum\",\"Score\":7},"
                + "\"Parties\":[{\"role\":\"agent\"},1,\"x\"],\"Notes\":\"café \\\"quoted\\\"\",\"added\":[\"x\"]}"));
    }

    @Test
    void copiesShareTheSourceButNotTheirChanges() {
        LazyJsonObject original = lazy(EVENT);
        LazyJsonObject copy = original.copy();
        copy.put("id", "other");
        copy.remove("seq");
        assertThat(original).isEqualTo(expectedEvent());
        assertThat(render(original)).isEqualTo(EVENT);
        assertThat(copy.get("id")).isEqualTo("other");
        assertThat(copy).doesNotContainKey("seq").hasSize(expectedEvent().size() - 1);
        assertThat(original.clone()).isEqualTo(original).isNotSameAs(original);
    }

    /** Random operations on a lazy object and on a LinkedHashMap with the same content: always equal, same order. */
    @Test
    void everyMapOperationBehavesAsOnALinkedHashMap() {
        String[] names = {"id", "seq", "Cost", "big", "ok", "none", "UserData", "Parties", "Notes", "new1", "new2"};
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            LazyJsonObject lazy = lazy(EVENT);
            Map<String, Object> map = expectedEvent();
            // views taken before any change must follow the map through every change, inflation included
            Set<String> keys = lazy.keySet();
            Collection<Object> values = lazy.values();
            for (int step = 0; step < 12; step++) {
                String name = names[random.nextInt(names.length)];
                Object value = random.nextBoolean() ? (Object) ("v" + step) : null;
                String op = operate(random.nextInt(17), lazy, map, name, value);
                assertThat(new ArrayList<>(lazy.entrySet())).as("seed %d step %d %s %s", seed, step, op, name)
                        .isEqualTo(new ArrayList<>(map.entrySet()));
                assertThat(lazy).isEqualTo(map).hasSameHashCodeAs(map).hasSize(map.size());
                assertThat(new ArrayList<>(keys)).isEqualTo(new ArrayList<>(map.keySet()));
                assertThat(new ArrayList<>(values)).isEqualTo(new ArrayList<>(map.values()));
                assertThat(lazy.isEmpty()).isEqualTo(map.isEmpty());
                assertThat(lazy.toString()).isEqualTo(map.toString());
                assertThat(render(lazy)).isEqualTo(render(map));
            }
        }
    }

    private static String operate(int op, Map<String, Object> a, Map<String, Object> b, String name, Object value) {
        switch (op) {
            case 0:
                assertThat(a.put(name, value)).isEqualTo(b.put(name, value));
                return "put";
            case 1:
                assertThat(a.remove(name)).isEqualTo(b.remove(name));
                return "remove";
            case 2:
                assertThat(a.get(name)).isEqualTo(b.get(name));
                assertThat(a.containsKey(name)).isEqualTo(b.containsKey(name));
                return "get";
            case 3:
                removeByIterator(a.entrySet().iterator(), name);
                removeByIterator(b.entrySet().iterator(), name);
                return "entry iterator remove";
            case 4:
                setByEntry(a, name, value);
                setByEntry(b, name, value);
                return "entry setValue";
            case 5:
                assertThat(a.keySet().remove(name)).isEqualTo(b.keySet().remove(name));
                return "keySet remove";
            case 6:
                a.values().removeIf(v -> v == null);
                b.values().removeIf(v -> v == null);
                return "values removeIf";
            case 7:
                assertThat(a.putIfAbsent(name, value)).isEqualTo(b.putIfAbsent(name, value));
                return "putIfAbsent";
            case 8:
                assertThat(a.compute(name, (k, v) -> v == null ? "c" : null)).isEqualTo(b.compute(name, (k, v) -> v == null ? "c" : null));
                return "compute";
            case 9:
                assertThat(a.merge(name, "m", (x, y) -> x + "" + y)).isEqualTo(b.merge(name, "m", (x, y) -> x + "" + y));
                return "merge";
            case 10:
                if (new Random(name.hashCode()).nextInt(4) == 0) {
                    a.clear();
                    b.clear();
                }
                return "clear";
            case 11:
                a.putAll(Map.of(name, "all"));
                b.putAll(Map.of(name, "all"));
                return "putAll";
            case 12:
                assertThat(a.replace(name, value)).isEqualTo(b.replace(name, value));
                return "replace";
            case 13:
                List<String> keysA = new ArrayList<>();
                a.forEach((k, v) -> keysA.add(k));
                List<String> keysB = new ArrayList<>();
                b.forEach((k, v) -> keysB.add(k));
                assertThat(keysA).isEqualTo(keysB);
                return "forEach";
            case 14:
                Object nested = a.get("UserData");
                if (nested instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> userData = (Map<String, Object>) nested;
                    userData.put("Segment", value);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> other = (Map<String, Object>) b.get("UserData");
                    other.put("Segment", value);
                }
                return "nested put";
            case 15:
                assertThat(a.containsValue(value)).isEqualTo(b.containsValue(value));
                return "containsValue";
            default:
                assertThat(a.computeIfAbsent(name, k -> "a")).isEqualTo(b.computeIfAbsent(name, k -> "a"));
                return "computeIfAbsent";
        }
    }

    /**
     * Every public method of the object must work on its own state: a method inherited from a concrete map class
     * would read that class's fields, which a lazy object leaves empty. Java 21 gave {@code LinkedHashMap}
     * {@code reversed()}, {@code sequencedKeySet()}, {@code firstEntry()}, ... which a subclass compiled for Java 17
     * cannot override; the JDK 25 run of these tests (see eventstream-common/README.md) checks that none is reachable.
     */
    @Test
    void noPublicMethodIsLeftToAConcreteMapClass() {
        List<String> inherited = new ArrayList<>();
        for (Method method : LazyJsonObject.class.getMethods()) {
            Class<?> owner = method.getDeclaringClass();
            if (!Modifier.isStatic(method.getModifiers()) && owner != LazyJsonObject.class && owner != AbstractMap.class && owner != Map.class
                    && owner != Object.class) {
                inherited.add(owner.getSimpleName() + "." + method.getName());
            }
        }
        assertThat(inherited).as("public methods another class implements, on Java %s",
                Runtime.version().feature()).isEmpty();
        LazyJsonObject object = lazy(EVENT);
        assertThat(new ArrayList<>(object.entrySet())).isEqualTo(new ArrayList<>(expectedEvent().entrySet()));
    }

    private static void removeByIterator(Iterator<Map.Entry<String, Object>> entries, String name) {
        while (entries.hasNext()) {
            if (entries.next().getKey().equals(name)) {
                entries.remove();
            }
        }
    }

    private static void setByEntry(Map<String, Object> map, String name, Object value) {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            if (entry.getKey().equals(name)) {
                entry.setValue(value);
            }
        }
    }

    @Test
    void heapBytesCountsSourceIndexAndWhatWasReadWithoutReading() {
        byte[] bytes = EVENT.getBytes(StandardCharsets.UTF_8);
        LazyJsonObject object = lazy(bytes);
        long unread = object.heapBytes();
        assertThat(unread).isGreaterThan(bytes.length).isLessThan(bytes.length + 600L);
        // a probe: bytes changed after heapBytes() show in the value, so heapBytes() decoded nothing
        int at = EVENT.indexOf("gold");
        bytes[at] = 'G';
        assertThat(((Map<?, ?>) object.get("UserData")).get("Segment")).isEqualTo("Gold");
        assertThat(object.heapBytes()).isGreaterThan(unread);
        object.put("Notes", "x".repeat(1000));
        assertThat(object.heapBytes()).isGreaterThan(unread + 1000);
    }

    @Test
    void renderingWritesNothingIntoTheObject() {
        LazyJsonObject object = lazy(EVENT);
        long before = object.heapBytes();
        render(object);
        object.put("seq", 1L);
        long edited = object.heapBytes();
        render(object);
        assertThat(object.heapBytes()).isEqualTo(edited);
        assertThat(before).isLessThan(edited);
    }
}
