package dev.eventstream.connect.common;

import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

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
 * ({@code card.`x.Card`.number}, {@code method.string}). Edits do not look through unions.
 *
 * <h2>Operations</h2>
 * Reads ({@link #get}, {@link #exists}, {@link #forEach}, {@link #getAll}) and copy-on-write edits
 * ({@link #remove}, {@link #replace}) that return a new root, copying only the containers along the touched
 * path: untouched subtrees are shared and the input is never mutated. A path whose field is absent is a no-op
 * for edits (no keys are created). A path that reaches through a value that is not a container (e.g.
 * {@code a.b} where {@code a} is a string), or into an array without {@code *}, is a {@link DataException}
 * naming the path and the segment; callers add the record's coordinates.
 *
 * <p>Edits of Structs derive a new schema ({@link #removeFrom(Schema)}, {@link #replaceIn}); callers on the
 * record path should cache it per input schema and use {@link #remove(Struct, Schema)} /
 * {@link #replace(Struct, Schema, UnaryOperator)}. Several paths are applied by chaining: each edit returns
 * the input of the next.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FieldPath {

    /** The wildcard segment. */
    public static final String WILDCARD = "*";

    private static final char BACKTICK = '`';
    private static final char DOT = '.';
    private static final char BACKSLASH = '\\';

    private static final Edit REMOVE = new Edit(true, null, null);

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
                    throw new IllegalArgumentException("Field path '" + path + "' has an empty segment at index " + idx
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
                throw new IllegalArgumentException("Field path '" + path + "' has an empty segment at index " + idx
                        + " (it ends with a dot)");
            }
        }
        boolean[] flags = new boolean[wildcards.size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = wildcards.get(i);
        }
        return new FieldPath(path, segments.toArray(new String[0]), flags);
    }

    private static IllegalArgumentException unterminated(String path, int opening) {
        return new IllegalArgumentException("Field path '" + path + "' has an unterminated backtick at index " + opening
                + ": a quoted segment ends with a backtick followed by a dot or at the end of the path"
                + " (a backtick preceded by a backslash does not end it)");
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
                    throw new ConfigException(name, value, e.getMessage());
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
                    throw new ConfigException(name, value, "Expected a list of field paths");
                }
                for (Object path : (List<?>) value) {
                    try {
                        parse(path == null ? null : path.toString());
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(name, value, e.getMessage());
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

    private DataException notAContainer(Schema schema, int i) {
        return new DataException("Field path '" + text + "': " + describePrefix(i) + " has schema type " + schema.type()
                + ", not a struct, map or array, so segment '" + segments[i] + "' cannot select in it");
    }

    private String describePrefix(int i) {
        if (i == 0) {
            return "the root value";
        }
        return "'" + String.join(".", Arrays.asList(segments).subList(0, i)) + "'";
    }

    // ---------------------------------------------------------------- edits

    /**
     * Removes the field(s) at this path and returns the new root; the input is not modified.
     * For a Map root, an absent path returns the same root. For a Struct root, the new schema is derived on
     * each call: on the record path, cache {@link #removeFrom(Schema)} and use {@link #remove(Struct, Schema)}.
     * A trailing wildcard empties the array/map it selects in (for a struct: removes every field).
     */
    public Object remove(Object root) {
        return editValue(root, null, null, 0, REMOVE);
    }

    /** Removes the field(s) at this path from a Struct whose schema {@link #removeFrom(Schema) derived} {@code updatedSchema}. */
    public Struct remove(Struct root, Schema updatedSchema) {
        if (root == null) {
            return null;
        }
        return (Struct) editValue(root, root.schema(), updatedSchema, 0, REMOVE);
    }

    /**
     * The schema without the field(s) at this path: the same instance when nothing matches; otherwise the
     * structs along the path are rebuilt with their name, version, doc, parameters, optionality and default
     * (converted to the new schema), and every other field keeps its schema instance.
     *
     * @throws DataException when the path reaches through a non-container schema, into an array without
     *                       {@code *}, or below one key of a map (all values of a map share one schema: use {@code *})
     */
    public Schema removeFrom(Schema schema) {
        return editSchema(schema, 0, REMOVE);
    }

    /**
     * Replaces the value of every match with {@code fn(value)} (called for existing matches only, null values
     * included) and returns the new root; the input is not modified. Schemas are kept: a replacement that does
     * not fit a Struct field's schema is a {@link DataException} naming the path (use
     * {@link #replaceIn} / {@link #replace(Struct, Schema, UnaryOperator)} to change the field's schema).
     * When {@code fn} returns its argument for every match, the same root is returned.
     */
    public Object replace(Object root, UnaryOperator<Object> fn) {
        Objects.requireNonNull(fn, "fn");
        return editValue(root, null, null, 0, new Edit(false, null, fn));
    }

    /**
     * The schema with every matching field's schema replaced by {@code schemaFn(fieldSchema)}. {@code valueFn}
     * is the value function that goes with it: it converts the defaults of structs rebuilt along the path.
     */
    public Schema replaceIn(Schema schema, UnaryOperator<Schema> schemaFn, UnaryOperator<Object> valueFn) {
        return editSchema(schema, 0, new Edit(false, Objects.requireNonNull(schemaFn), Objects.requireNonNull(valueFn)));
    }

    /** Replaces values in a Struct whose schema {@link #replaceIn} derived {@code updatedSchema}. */
    public Struct replace(Struct root, Schema updatedSchema, UnaryOperator<Object> fn) {
        if (root == null) {
            return null;
        }
        return (Struct) editValue(root, root.schema(), updatedSchema, 0, new Edit(false, null, Objects.requireNonNull(fn)));
    }

    /** What an edit does at the last segment. A null schemaFn on a replace: schemas are kept (or were derived by the caller). */
    private static final class Edit {
        final boolean removes;
        final UnaryOperator<Schema> schemaFn;
        final UnaryOperator<Object> valueFn;

        Edit(boolean removes, UnaryOperator<Schema> schemaFn, UnaryOperator<Object> valueFn) {
            this.removes = removes;
            this.schemaFn = schemaFn;
            this.valueFn = valueFn;
        }
    }

    private boolean selects(int i, String name) {
        return wildcards[i] || segments[i].equals(name);
    }

    /**
     * Edits the container {@code value} at depth {@code i} (segment {@code i} selects among its children).
     * {@code oldSchema}/{@code newSchema} are the container's schema before/after the edit, or null when unknown
     * (schemaless data, or a Struct whose schema is then derived here). Returns {@code value} itself when unchanged.
     */
    private Object editValue(Object value, Schema oldSchema, Schema newSchema, int i, Edit edit) {
        if (value == null) {
            return null;
        }
        boolean last = i == segments.length - 1;
        if (value instanceof Struct) {
            return editStruct((Struct) value, oldSchema, newSchema, i, last, edit, false);
        }
        Schema oldValueSchema = oldSchema == null ? null : oldSchema.valueSchema();
        Schema newValueSchema = newSchema == null ? null : newSchema.valueSchema();
        if (value instanceof Map) {
            return editMap((Map<?, ?>) value, oldValueSchema, newValueSchema, i, last, edit);
        }
        if (value instanceof List) {
            if (!wildcards[i]) {
                throw notAContainer(value, i);
            }
            List<?> list = (List<?>) value;
            if (last && edit.removes) {
                return list.isEmpty() ? list : new ArrayList<>();
            }
            List<Object> copy = null;
            for (int index = 0; index < list.size(); index++) {
                Object element = list.get(index);
                Object edited = last ? edit.valueFn.apply(element)
                        : editValue(element, oldValueSchema, newValueSchema, i + 1, edit);
                if (edited != element) {
                    if (copy == null) {
                        copy = new ArrayList<>(list);
                    }
                    copy.set(index, edited);
                }
            }
            return copy == null ? list : copy;
        }
        throw notAContainer(value, i);
    }

    private Object editMap(Map<?, ?> map, Schema oldValueSchema, Schema newValueSchema, int i, boolean last, Edit edit) {
        if (!wildcards[i]) {
            String key = segments[i];
            Object child = map.get(key);
            if (child == null && !map.containsKey(key)) {
                return map; // absent: no-op, no phantom key
            }
            if (last && edit.removes) {
                Map<Object, Object> copy = new LinkedHashMap<>(map);
                copy.remove(key);
                return copy;
            }
            Object edited = last ? edit.valueFn.apply(child) : editValue(child, oldValueSchema, newValueSchema, i + 1, edit);
            if (edited == child) {
                return map;
            }
            Map<Object, Object> copy = new LinkedHashMap<>(map);
            copy.put(key, edited);
            return copy;
        }
        if (last && edit.removes) {
            return map.isEmpty() ? map : new LinkedHashMap<>();
        }
        Map<Object, Object> copy = null;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object child = entry.getValue();
            Object edited = last ? edit.valueFn.apply(child) : editValue(child, oldValueSchema, newValueSchema, i + 1, edit);
            if (edited != child) {
                if (copy == null) {
                    copy = new LinkedHashMap<>(map);
                }
                copy.put(entry.getKey(), edited);
            }
        }
        return copy == null ? map : copy;
    }

    /**
     * @param forceTarget the struct is a schema's default being converted: its own schema is the original
     *                    schema's builder, and {@code newSchema} is the target regardless
     */
    private Struct editStruct(Struct struct, Schema oldSchema, Schema newSchema, int i, boolean last, Edit edit,
                              boolean forceTarget) {
        Schema own = struct.schema();
        Schema target;
        if (newSchema != null && (forceTarget || own == oldSchema || own.equals(oldSchema))) {
            target = newSchema;
        } else if (edit.removes || edit.schemaFn != null) {
            target = editSchema(own, i, edit);
        } else {
            target = own; // a replace that keeps schemas
        }
        List<Field> fields = own.fields();
        Object[] values = null; // edited values by field index, allocated at the first change
        boolean changed = target != own;
        for (Field field : fields) {
            if (!selects(i, field.name())) {
                continue;
            }
            if (last && edit.removes) {
                changed = true;
                continue;
            }
            Object old = struct.getWithoutDefault(field.name());
            Object edited;
            if (last) {
                edited = edit.valueFn.apply(old);
            } else {
                Field targetField = target.field(field.name());
                edited = editValue(old, field.schema(), targetField == null ? null : targetField.schema(), i + 1, edit);
            }
            if (edited != old) {
                if (values == null) {
                    values = new Object[fields.size()];
                    Arrays.fill(values, ABSENT);
                }
                values[field.index()] = edited;
                changed = true;
            }
        }
        if (!changed) {
            return struct;
        }
        Struct result = new Struct(target);
        for (Field field : target.fields()) {
            Field ownField = own.field(field.name());
            Object value = values != null && values[ownField.index()] != ABSENT
                    ? values[ownField.index()] : struct.getWithoutDefault(field.name());
            if (value == null) {
                continue; // as in the input; a null field reads as its default, if any
            }
            try {
                result.put(field, value);
            } catch (DataException e) {
                throw new DataException("Field path '" + text + "': the value for field '" + field.name() + "' of "
                        + describePrefix(i) + " does not fit its schema " + field.schema().type() + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** Edits the container schema at depth {@code i}; returns {@code schema} itself when unchanged. */
    private Schema editSchema(Schema schema, int i, Edit edit) {
        boolean last = i == segments.length - 1;
        switch (schema.type()) {
            case STRUCT:
                return editStructSchema(schema, i, last, edit);
            case ARRAY: {
                if (!wildcards[i]) {
                    throw new DataException("Field path '" + text + "': " + describePrefix(i)
                            + " is an array, so segment '" + segments[i] + "' cannot select in it; use * to address every element");
                }
                Schema elements = schema.valueSchema();
                Schema edited = last ? (edit.removes ? elements : edit.schemaFn.apply(elements)) : editSchema(elements, i + 1, edit);
                if (edited == elements) {
                    return schema;
                }
                SchemaBuilder builder = copyHeader(schema, SchemaBuilder.array(edited));
                return withDefault(schema, builder, i, edit).build();
            }
            case MAP: {
                Schema values = schema.valueSchema();
                Schema edited = last ? (edit.removes ? values : edit.schemaFn.apply(values)) : editSchema(values, i + 1, edit);
                if (edited == values) {
                    return schema;
                }
                if (!wildcards[i]) {
                    throw new DataException("Field path '" + text + "': " + describePrefix(i) + " is a map with a schema,"
                            + " whose values all share one schema, so the schema under key '" + segments[i]
                            + "' alone cannot change; use * to apply the change to every value");
                }
                SchemaBuilder builder = copyHeader(schema, SchemaBuilder.map(schema.keySchema(), edited));
                return withDefault(schema, builder, i, edit).build();
            }
            default:
                throw notAContainer(schema, i);
        }
    }

    private Schema editStructSchema(Schema schema, int i, boolean last, Edit edit) {
        List<Field> fields = schema.fields();
        Schema[] edited = new Schema[fields.size()]; // null = field removed
        boolean changed = false;
        for (Field field : fields) {
            Schema fieldSchema = field.schema();
            Schema result = fieldSchema;
            if (selects(i, field.name())) {
                if (last) {
                    result = edit.removes ? null : edit.schemaFn.apply(fieldSchema);
                } else {
                    result = editSchema(fieldSchema, i + 1, edit);
                }
            }
            edited[field.index()] = result;
            changed |= result != fieldSchema;
        }
        if (!changed) {
            return schema;
        }
        SchemaBuilder builder = copyHeader(schema, SchemaBuilder.struct());
        for (Field field : fields) {
            if (edited[field.index()] != null) {
                builder.field(field.name(), edited[field.index()]);
            }
        }
        return withDefault(schema, builder, i, edit).build();
    }

    /** Converts {@code original}'s default (if any) to the edited schema being built. */
    private SchemaBuilder withDefault(Schema original, SchemaBuilder builder, int i, Edit edit) {
        Object defaultValue = original.defaultValue();
        if (defaultValue instanceof Struct) {
            // a Struct default must have the builder itself as schema: Connect validates defaults by schema equality
            builder.defaultValue(editStruct((Struct) defaultValue, original, builder, i, i == segments.length - 1, edit, true));
        } else if (defaultValue != null) {
            builder.defaultValue(editValue(defaultValue, original, builder, i, edit));
        }
        return builder;
    }

    private static SchemaBuilder copyHeader(Schema from, SchemaBuilder to) {
        to.name(from.name());
        to.version(from.version());
        to.doc(from.doc());
        if (from.parameters() != null && !from.parameters().isEmpty()) {
            to.parameters(from.parameters());
        }
        if (from.isOptional()) {
            to.optional();
        }
        return to;
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
