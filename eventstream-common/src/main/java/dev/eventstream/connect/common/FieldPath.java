package dev.eventstream.connect.common;

import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A path to a nested field of a Connect value: a {@link Struct} (with schema) or a schemaless
 * {@code Map<String, Object>} with nested Maps and Lists.
 *
 * <h2>Syntax</h2>
 * The syntax is Kafka's {@code field.syntax.version=V2} (KIP-821), plus a wildcard:
 * <ul>
 *   <li>Segments are separated by dots: {@code UserData.CreditCard}.</li>
 *   <li>A segment that starts with a backtick is quoted, so it may contain dots: {@code `user.data`.card}.
 *       It ends at the first backtick that is followed by a dot or ends the path and is not escaped;
 *       backticks elsewhere inside it are literal. A backslash before a backtick that would otherwise end the
 *       segment escapes it: {@code `a\`.b`} is the single segment {@code a`.b}.</li>
 *   <li>A segment that does not start with a backtick runs to the next dot; backticks inside it are literal.</li>
 *   <li>{@code *} as a whole (unquoted) segment is a wildcard: every element of an array, every value of a map,
 *       every field of a struct. A quoted {@code `*`} is the literal field name {@code *}.</li>
 *   <li>Unlike Kafka's parser, empty unquoted segments ({@code a..b}, {@code .a}, {@code a.}) and empty paths are
 *       errors; a quoted empty segment ({@code ``}) names the empty key.</li>
 * </ul>
 * Arrays are entered only through {@code *}: there are no numeric indexes.
 *
 * <h2>Avro unions</h2>
 * Reads go through a union (a Struct named {@link JsonRenderer#AVRO_UNION_SCHEMA_NAME}, one optional field per
 * branch, as Confluent's and the suite's Avro converters produce it) to the branch that is set, as the JSON
 * renderer does: {@code card.number} reads the card's number whichever record branch holds it, and a union at the
 * end of a path reads as its branch value. A scalar branch has no fields (a named segment below it is absent) and
 * is its own only element for {@code *}. A segment may also name the branch, as the union's struct does
 * ({@code card.`x.Card`.number}, {@code method.string}).
 *
 * <h2>Operations</h2>
 * Reads only ({@link #get}, {@link #exists}, {@link #forEach}, {@link #getAll}); the input is never mutated. A
 * path that reaches through a value that is not a container (e.g. {@code a.b} where {@code a} is a string), or
 * into an array without {@code *}, is a {@link DataException} naming the path and the segment; callers add the
 * record's coordinates. Edits (drop, mask, hash, keep) belong to {@code smt-field-filter}'s {@code EditTree},
 * the one plugin that edits fields: it applies every path in one pass and caches the derived schema.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FieldPath {

    /** The wildcard segment. */
    public static final String WILDCARD = "*";

    private static final char BACKTICK = '`';
    private static final char DOT = '.';
    private static final char BACKSLASH = '\\';

    private final String text;
    private final String[] segments;
    private final boolean[] wildcards;
    private final boolean hasWildcard;

    private FieldPath(String text, String[] segments, boolean[] wildcards) {
        this.text = text;
        this.segments = segments;
        this.wildcards = wildcards;
        boolean any = false;
        for (boolean wildcard : wildcards) {
            any |= wildcard;
        }
        this.hasWildcard = any;
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming the path and what is wrong where (empty path, empty segment,
     *                                  unterminated backtick)
     */
    public static FieldPath parse(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("Field path must not be empty");
        }
        List<String> segments = new ArrayList<>();
        List<Boolean> wildcards = new ArrayList<>();
        int idx = 0;
        int length = path.length();
        while (true) {
            if (idx < length && path.charAt(idx) == BACKTICK) {
                int opening = idx;
                StringBuilder segment = new StringBuilder();
                int start = idx + 1;
                int search = start;
                while (true) {
                    int close = path.indexOf(BACKTICK, search);
                    if (close < 0) {
                        throw unterminated(path, opening);
                    }
                    boolean escaped = close > start && path.charAt(close - 1) == BACKSLASH;
                    boolean atEnd = close == length - 1;
                    if (atEnd) {
                        if (escaped) {
                            throw unterminated(path, opening);
                        }
                        segment.append(path, start, close);
                        idx = close + 1;
                        break;
                    }
                    if (path.charAt(close + 1) != DOT) {
                        search = close + 1; // a backtick inside the segment: literal
                        continue;
                    }
                    if (escaped) {
                        segment.append(path, start, close - 1).append(BACKTICK);
                        start = close + 1;
                        search = start;
                        continue;
                    }
                    segment.append(path, start, close);
                    idx = close + 1; // at the dot
                    break;
                }
                segments.add(segment.toString());
                wildcards.add(false);
            } else {
                int dot = path.indexOf(DOT, idx);
                int end = dot < 0 ? length : dot;
                if (end == idx) {
                    throw invalid(path, "an empty segment at index " + idx
                            + (idx == 0 ? " (it starts with a dot)" : idx == length ? " (it ends with a dot)" : " (two dots in a row)")
                            + "; quote a field name that contains dots with backticks, e.g. `a.b`");
                }
                String segment = path.substring(idx, end);
                segments.add(segment);
                wildcards.add(WILDCARD.equals(segment));
                idx = end;
            }
            if (idx >= length) {
                break;
            }
            // idx is at a dot: another segment follows (possibly empty, which is reported above)
            idx++;
            if (idx == length) {
                throw invalid(path, "an empty segment at index " + idx + " (it ends with a dot)");
            }
        }
        boolean[] flags = new boolean[wildcards.size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = wildcards.get(i);
        }
        return new FieldPath(path, segments.toArray(new String[0]), flags);
    }

    private static IllegalArgumentException unterminated(String path, int opening) {
        return invalid(path, "an unterminated backtick at index " + opening
                + ": a quoted segment ends with a backtick followed by a dot or at the end of the path"
                + " (a backtick preceded by a backslash does not end it)");
    }

    private static SyntaxException invalid(String path, String problem) {
        return new SyntaxException("Field path '" + path + "' has " + problem, problem);
    }

    /** Parses every path of a list; the first bad one throws (see {@link #parse}). */
    public static List<FieldPath> parseAll(Collection<String> paths) {
        List<FieldPath> parsed = new ArrayList<>(paths.size());
        for (String path : paths) {
            parsed.add(parse(path));
        }
        return Collections.unmodifiableList(parsed);
    }

    /** A validator for a STRING config holding one path; null (unset) is accepted. */
    public static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                try {
                    parse(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, SyntaxException.reasonOf(e));
                }
            }

            @Override
            public String toString() {
                return "a field path: dot-separated names, `backticks` around names with dots, * for every element";
            }
        };
    }

    /** A validator for a LIST config of paths; null (unset) and the empty list are accepted. */
    public static ConfigDef.Validator listValidator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                if (!(value instanceof List)) {
                    throw new ConfigException(name, value, "expected a list of field paths");
                }
                for (Object path : (List<?>) value) {
                    String text = path == null ? "" : path.toString();
                    if (text.isEmpty()) {
                        throw new ConfigException(name, value, "a path is empty: remove the extra comma");
                    }
                    try {
                        parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, "path '" + text + "' has " + SyntaxException.reasonOf(e));
                    }
                }
            }

            @Override
            public String toString() {
                return "a list of field paths: dot-separated names, `backticks` around names with dots, * for every element";
            }
        };
    }

    /** The unescaped segments; a wildcard is {@code "*"} (see {@link #isWildcard(int)} to tell it from a quoted {@code `*`}). */
    public List<String> segments() {
        return Collections.unmodifiableList(Arrays.asList(segments));
    }

    /** Whether segment {@code index} is the wildcard. */
    public boolean isWildcard(int index) {
        return wildcards[index];
    }

    /** Whether any segment is the wildcard. */
    public boolean hasWildcard() {
        return hasWildcard;
    }

    // ---------------------------------------------------------------- reads

    private static final Object ABSENT = new Object();

    /**
     * The value at this path, or null when it is absent (or a container along the way is null).
     * For Structs, a null field with a default yields the default, as {@link Struct#get(Field)} does.
     *
     * @throws IllegalStateException for a wildcard path (use {@link #forEach} or {@link #getAll})
     * @throws DataException         when the path reaches through a non-container value or into an array
     */
    public Object get(Object root) {
        if (hasWildcard) {
            throw new IllegalStateException("Field path '" + text + "' has a wildcard: use getAll or forEach");
        }
        Object current = root;
        for (int i = 0; i < segments.length; i++) {
            if (current == null) {
                return null;
            }
            current = child(current, i);
            if (current == ABSENT) {
                return null;
            }
        }
        return unwrapUnion(current);
    }

    /** Whether the path exists (for a wildcard path: at least one match), even when its value is null. */
    public boolean exists(Object root) {
        return exists(root, 0);
    }

    private boolean exists(Object value, int i) {
        if (i == segments.length) {
            return true;
        }
        if (value == null) {
            return false;
        }
        if (!wildcards[i]) {
            Object child = child(value, i);
            return child != ABSENT && exists(child, i + 1);
        }
        for (Object child : children(value, i)) {
            if (exists(child, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Calls {@code action} with the value of every match (null values included), in document order. */
    public void forEach(Object root, Consumer<Object> action) {
        walk(root, 0, action);
    }

    /** The values of every match (null values included), in document order. */
    public List<Object> getAll(Object root) {
        List<Object> values = new ArrayList<>();
        walk(root, 0, values::add);
        return values;
    }

    private void walk(Object value, int i, Consumer<Object> action) {
        if (i == segments.length) {
            action.accept(unwrapUnion(value));
            return;
        }
        if (value == null) {
            return;
        }
        if (!wildcards[i]) {
            Object child = child(value, i);
            if (child != ABSENT) {
                walk(child, i + 1, action);
            }
            return;
        }
        for (Object child : children(value, i)) {
            walk(child, i + 1, action);
        }
    }

    /** The named child of a container, or ABSENT. */
    private Object child(Object value, int i) {
        String name = segments[i];
        Object container = unwrapUnion(value);
        if (container != value) {
            Field branch = ((Struct) value).schema().field(name);
            if (branch != null) {
                return ((Struct) value).get(branch); // the path names the branch, as the union's struct does
            }
        }
        if (container instanceof Struct) {
            Struct struct = (Struct) container;
            Field field = struct.schema().field(name);
            return field == null ? ABSENT : struct.get(field);
        }
        if (container instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) container;
            Object child = map.get(name);
            return child != null || map.containsKey(name) ? child : ABSENT;
        }
        if (container != value && !(container instanceof Collection)) {
            return ABSENT; // a union whose branch that is set is a scalar (or none is): it has no fields
        }
        throw notAContainer(container, i);
    }

    private Iterable<?> children(Object value, int i) {
        Object container = unwrapUnion(value);
        if (container != value && !(container instanceof Collection) && !(container instanceof Map)
                && !(container instanceof Struct)) {
            return container == null ? List.of() : List.of(container); // a scalar branch is its own only element
        }
        if (container instanceof Collection) {
            return (Collection<?>) container;
        }
        if (container instanceof Map) {
            return ((Map<?, ?>) container).values();
        }
        if (container instanceof Struct) {
            Struct struct = (Struct) container;
            List<Field> fields = struct.schema().fields();
            List<Object> values = new ArrayList<>(fields.size());
            for (Field field : fields) {
                values.add(struct.get(field));
            }
            return values;
        }
        throw notAContainer(container, i);
    }

    /** The value of the branch that is set when {@code value} is an Avro union (null if none is), else {@code value}. */
    private static Object unwrapUnion(Object value) {
        if (!(value instanceof Struct)) {
            return value;
        }
        Struct struct = (Struct) value;
        if (!JsonRenderer.AVRO_UNION_SCHEMA_NAME.equals(struct.schema().name())) {
            return value;
        }
        for (Field branch : struct.schema().fields()) {
            Object branchValue = struct.get(branch);
            if (branchValue != null) {
                return branchValue;
            }
        }
        return null;
    }

    private DataException notAContainer(Object value, int i) {
        if (value instanceof Collection) {
            return new DataException("Field path '" + text + "': " + describePrefix(i) + " is an array, so segment '"
                    + segments[i] + "' cannot select in it; use * to address every element");
        }
        return new DataException("Field path '" + text + "': " + describePrefix(i) + " is a " + value.getClass().getName()
                + ", not a struct or map, so segment '" + segments[i] + "' cannot select in it");
    }

    private String describePrefix(int i) {
        if (i == 0) {
            return "the root value";
        }
        return "'" + String.join(".", Arrays.asList(segments).subList(0, i)) + "'";
    }

    // ---------------------------------------------------------------- identity

    /** The path as it was written. */
    @Override
    public String toString() {
        return text;
    }

    /** Paths are equal when they were written the same way. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof FieldPath && text.equals(((FieldPath) o).text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
