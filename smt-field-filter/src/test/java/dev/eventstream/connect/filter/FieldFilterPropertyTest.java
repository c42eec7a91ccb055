package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.FieldPath;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random nested documents (a random schema, a random Struct of it, and the same document as schemaless maps),
 * random paths through them, and the properties that must hold whatever they are: after fields.drop no dropped
 * path exists; after fields.keep nothing else exists; masks and hashes keep every path and every value's type;
 * everything no path names is unchanged; Struct and Map give the same document.
 */
class FieldFilterPropertyTest {

    private static final long SEED = 20250405L;
    private static final int DOCUMENTS = 300;
    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f"};
    private static final String[] KEYS = {"k1", "k2", "k3"};

    private final Random random = new Random(SEED);

    @Test
    void randomDocumentsKeepTheProperties() {
        int hashed = 0;
        for (int doc = 0; doc < DOCUMENTS; doc++) {
            Schema schema = struct(0);
            Struct struct = (Struct) value(schema, 0);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) CallEvents.plain(struct);
            List<String> paths = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                paths.add(path(schema, false));
            }
            String context = "document " + doc + " " + map + " paths " + paths;

            checkDrop(schema, struct, map, paths, context);
            checkKeep(schema, struct, map, paths, context);
            checkMask(schema, struct, map, paths, context);
            List<String> hashPaths = new ArrayList<>();
            for (int attempt = 0; attempt < 20 && hashPaths.size() < 2; attempt++) {
                String hashPath = path(schema, true);
                if (hashPath != null) {
                    hashPaths.add(hashPath);
                }
            }
            if (!hashPaths.isEmpty()) {
                hashed++;
            }
            checkHash(schema, struct, map, hashPaths, context + " hash " + hashPaths);
        }
        assertThat(hashed).as("documents with a hashable field").isGreaterThan(DOCUMENTS / 2);
    }

    private void checkDrop(Schema schema, Struct struct, Map<String, Object> map, List<String> paths, String context) {
        Object out = both(schema, struct, map, Map.of("fields.drop", String.join(",", paths)), context);
        for (String path : paths) {
            assertThat(FieldPath.parse(path).exists(out)).as(context + ": %s still exists", path).isFalse();
        }
        for (List<Object> leaf : leaves(map)) {
            if (covered(leaf, paths) == null) {
                assertThat(at(out, leaf)).as(context + ": untouched %s", leaf).isEqualTo(at(map, leaf));
            }
        }
    }

    private void checkKeep(Schema schema, Struct struct, Map<String, Object> map, List<String> paths, String context) {
        Object out = both(schema, struct, map, Map.of("fields.keep", String.join(",", paths)), context);
        for (List<Object> leaf : leaves(out)) {
            assertThat(covered(leaf, paths) != null || leadsTo(leaf, paths))
                    .as(context + ": %s was not kept but exists", leaf).isTrue();
        }
        for (List<Object> leaf : leaves(map)) {
            if (covered(leaf, paths) != null) {
                assertThat(at(out, leaf)).as(context + ": kept %s", leaf).isEqualTo(at(map, leaf));
            }
        }
    }

    private void checkMask(Schema schema, Struct struct, Map<String, Object> map, List<String> paths, String context) {
        Object out = both(schema, struct, map, Map.of("fields.mask", String.join(",", paths)), context);
        ValueMasker masker = new ValueMasker("****", 0);
        assertThat(leaves(out)).as(context).isEqualTo(leaves(map));
        for (List<Object> leaf : leaves(map)) {
            Object before = at(map, leaf);
            Object after = at(out, leaf);
            if (before != null) {
                assertThat(after).as(context + ": type of %s", leaf).isInstanceOf(before.getClass());
            }
            assertThat(after).as(context + ": %s", leaf)
                    .isEqualTo(covered(leaf, paths) != null ? masker.mask(before) : before);
        }
    }

    private void checkHash(Schema schema, Struct struct, Map<String, Object> map, List<String> paths, String context) {
        if (paths.isEmpty()) {
            return;
        }
        Object out = both(schema, struct, map, Map.of("fields.hash", String.join(",", paths),
                "fields.hash.secret", "property-secret"), context);
        KeyedHasher hasher = new KeyedHasher("property-secret");
        assertThat(leaves(out)).as(context).isEqualTo(leaves(map));
        for (List<Object> leaf : leaves(map)) {
            Object before = at(map, leaf);
            Object after = at(out, leaf);
            if (before != null) {
                assertThat(after).as(context + ": type of %s", leaf).isInstanceOf(before.getClass());
            }
            assertThat(after).as(context + ": %s", leaf)
                    .isEqualTo(covered(leaf, paths) != null ? hasher.hash(before) : before);
        }
    }

    /** Applies the config to the Struct and to the map; both must give the same document, which is returned. */
    private static Object both(Schema schema, Struct struct, Map<String, Object> map, Map<String, String> props,
                               String context) {
        FieldFilter<SinkRecord> transform = new FieldFilter.Value<>();
        transform.configure(props);
        try {
            SinkRecord structOut = transform.apply(CallEvents.valueRecord(schema, struct));
            SinkRecord mapOut = transform.apply(CallEvents.valueRecord(null, map));
            ((Struct) structOut.value()).validate();
            assertThat(CallEvents.plain(structOut.value())).as(context + " " + props).isEqualTo(mapOut.value());
            return mapOut.value();
        } finally {
            transform.close();
        }
    }

    // ------------------------------------------------------------------ random documents and paths

    private Schema struct(int depth) {
        SchemaBuilder builder = SchemaBuilder.struct();
        if (depth > 0 && random.nextInt(3) == 0) {
            builder.optional();
        }
        int fields = 1 + random.nextInt(4);
        List<String> names = new ArrayList<>(List.of(NAMES));
        for (int i = 0; i < fields; i++) {
            builder.field(names.remove(random.nextInt(names.size())), fieldSchema(depth + 1));
        }
        return builder.build();
    }

    private Schema fieldSchema(int depth) {
        int kind = random.nextInt(depth >= 3 ? 5 : 8);
        boolean optional = random.nextInt(4) == 0;
        switch (kind) {
            case 0: return optional ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
            case 1: return optional ? Schema.OPTIONAL_INT32_SCHEMA : Schema.INT32_SCHEMA;
            case 2: return optional ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA;
            case 3: return optional ? Schema.OPTIONAL_BOOLEAN_SCHEMA : Schema.BOOLEAN_SCHEMA;
            case 4: return optional ? Schema.OPTIONAL_FLOAT64_SCHEMA : Schema.FLOAT64_SCHEMA;
            case 5: return struct(depth);
            case 6: return SchemaBuilder.array(random.nextBoolean() ? struct(depth) : Schema.STRING_SCHEMA).build();
            default: return SchemaBuilder.map(Schema.STRING_SCHEMA,
                    random.nextBoolean() ? struct(depth) : Schema.INT64_SCHEMA).build();
        }
    }

    private Object value(Schema schema, int depth) {
        if (schema.isOptional() && random.nextInt(5) == 0) {
            return null;
        }
        switch (schema.type()) {
            case STRING: return "s" + random.nextInt(1000);
            case INT32: return random.nextInt();
            case INT64: return random.nextLong();
            case BOOLEAN: return random.nextBoolean();
            case FLOAT64: return random.nextDouble();
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, value(field.schema(), depth + 1));
                }
                return struct;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(value(schema.valueSchema(), depth + 1));
                }
                return list;
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String key : KEYS) {
                    if (random.nextBoolean()) {
                        map.put(key, value(schema.valueSchema(), depth + 1));
                    }
                }
                return map;
            }
            default: throw new IllegalStateException(schema.type().toString());
        }
    }

    /**
     * A random path that follows the schema: field names (sometimes * over a struct), * over arrays, * or a key
     * over maps; sometimes it stops early or ends with an absent name. For hashing, it ends at a string or integer.
     */
    private String path(Schema schema, boolean forHash) {
        List<String> segments = new ArrayList<>();
        Schema current = schema;
        while (true) {
            switch (current.type()) {
                case STRUCT: {
                    if (!forHash && random.nextInt(12) == 0) {
                        segments.add("zz");
                        return String.join(".", segments);
                    }
                    List<Field> fields = current.fields();
                    Field field = fields.get(random.nextInt(fields.size()));
                    if (!forHash && segments.size() > 0 && random.nextInt(8) == 0) {
                        segments.add("*");
                        return String.join(".", segments);
                    }
                    segments.add(field.name());
                    current = field.schema();
                    break;
                }
                case ARRAY:
                    segments.add("*");
                    current = current.valueSchema();
                    break;
                case MAP:
                    // One key of a map with a schema cannot change structure alone (all values share a schema).
                    boolean scalarValues = current.valueSchema().type().isPrimitive();
                    segments.add(scalarValues && random.nextBoolean() ? KEYS[random.nextInt(KEYS.length)] : "*");
                    current = current.valueSchema();
                    break;
                default:
                    if (forHash && (current.type() == Schema.Type.BOOLEAN || current.type() == Schema.Type.FLOAT64)) {
                        return null; // not hashable: the caller tries another walk
                    }
                    return String.join(".", segments);
            }
            if (!forHash && random.nextInt(4) == 0) {
                return String.join(".", segments);
            }
        }
    }

    // ------------------------------------------------------------------ concrete paths

    /** Every leaf (scalar, null, empty container) of a plain document, as names and list indexes. */
    private static List<List<Object>> leaves(Object value) {
        List<List<Object>> leaves = new ArrayList<>();
        collect(value, new ArrayList<>(), leaves);
        return leaves;
    }

    private static void collect(Object value, List<Object> prefix, List<List<Object>> leaves) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            ((Map<?, ?>) value).forEach((key, child) -> {
                prefix.add(key.toString());
                collect(child, prefix, leaves);
                prefix.remove(prefix.size() - 1);
            });
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                prefix.add(i);
                collect(list.get(i), prefix, leaves);
                prefix.remove(prefix.size() - 1);
            }
        } else if (!prefix.isEmpty()) {
            leaves.add(List.copyOf(prefix));
        }
    }

    private static Object at(Object value, List<Object> concrete) {
        Object current = value;
        for (Object step : concrete) {
            current = step instanceof Integer ? ((List<?>) current).get((Integer) step) : ((Map<?, ?>) current).get(step);
        }
        return current;
    }

    /** The path among {@code paths} that selects {@code leaf} or one of its ancestors, or null. */
    private static String covered(List<Object> leaf, List<String> paths) {
        for (String text : paths) {
            FieldPath path = FieldPath.parse(text);
            List<String> segments = path.segments();
            if (segments.size() > leaf.size()) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < segments.size() && matches; i++) {
                matches = path.isWildcard(i) || (leaf.get(i) instanceof String && leaf.get(i).equals(segments.get(i)));
            }
            if (matches) {
                return text;
            }
        }
        return null;
    }

    /** Whether {@code leaf} (an empty container or null) lies on the way to some path. */
    private static boolean leadsTo(List<Object> leaf, List<String> paths) {
        for (String text : paths) {
            FieldPath path = FieldPath.parse(text);
            if (path.segments().size() <= leaf.size()) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < leaf.size() && matches; i++) {
                matches = path.isWildcard(i) || (leaf.get(i) instanceof String && leaf.get(i).equals(path.segments().get(i)));
            }
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
