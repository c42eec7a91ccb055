package dev.eventstream.connect.json;

import static dev.eventstream.connect.json.JsonScanner.DUPLICATE_NAME;
import static dev.eventstream.connect.json.JsonScanner.FLAGS;
import static dev.eventstream.connect.json.JsonScanner.HASH;
import static dev.eventstream.connect.json.JsonScanner.NAME_END;
import static dev.eventstream.connect.json.JsonScanner.NAME_START;
import static dev.eventstream.connect.json.JsonScanner.REWRITTEN;
import static dev.eventstream.connect.json.JsonScanner.SIMPLE_NAME;
import static dev.eventstream.connect.json.JsonScanner.STRIDE;
import static dev.eventstream.connect.json.JsonScanner.VALUE_END;
import static dev.eventstream.connect.json.JsonScanner.VALUE_START;
import static dev.eventstream.connect.json.JsonScanner.WHITESPACE;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.common.HeapSized;
import java.io.IOException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A JSON object read lazily: a {@code Map<String, Object>} in the order its members were written (a repeated name
 * keeps its first position and its last value), backed by the UTF-8 bytes it was read from (not copied) and an index
 * of where each member's name and value lie. A member's value is decoded when it is first read, and kept: objects
 * as lazy objects again, arrays as lists, strings, {@code Long}s, {@code BigDecimal}s and booleans as
 * {@link JsonScanner} decodes them. {@link JsonRenderer} writes a member that was never assigned, and an object
 * nothing was changed in, by copying its bytes; {@link #copy()} is a shallow copy that shares bytes and index.
 *
 * <p>An operation this class does not implement on its index ({@code compute}, {@code merge}, {@code putIfAbsent},
 * {@code replace}, ...) first copies every member into a {@link LinkedHashMap} of its own, which serves every
 * operation from then on. It extends {@link AbstractMap}, not a concrete map class, so that no method it inherits
 * can read state it does not keep: a {@code LinkedHashMap} subclass compiled for Java 17 would inherit Java 21's
 * {@code reversed()}, {@code sequencedKeySet()}, {@code firstEntry()}, ... reading that class's empty table. Its
 * key and value views are {@code AbstractMap}'s, over {@link #entrySet()}. It serializes as a {@code LinkedHashMap}.
 * Not thread-safe, like {@code LinkedHashMap}: reading a member may decode it into the object; rendering never
 * writes to it, so a value handed to another thread after its last read or edit can be rendered there.
 */
public final class LazyJsonObject extends AbstractMap<String, Object> implements HeapSized, Cloneable, Serializable {

    private static final long serialVersionUID = 1L;

    private static final Object UNREAD = new Object();
    private static final byte ASSIGNED = 1;
    private static final byte REMOVED = 2;

    private final transient byte[] source;
    private final transient int start;
    private final transient int end;
    private final transient int[] members;
    private final transient int count;
    private final transient int flags;

    /** Decoded or assigned member values; null until the first, {@link #UNREAD} where not read yet. */
    private transient Object[] values;
    /** Per member: 0 as read, {@link #ASSIGNED} or {@link #REMOVED}; null until the first change. */
    private transient byte[] edits;
    private transient int removed;
    /** Members put under names that are not (or no longer) members of the source, in the order put. */
    private transient LinkedHashMap<String, Object> added;
    /** Every member, once an operation the index does not serve needed them in a map; null until then. */
    private transient LinkedHashMap<String, Object> inflated;

    LazyJsonObject(byte[] source, int start, int end, int[] members, int count, int flags) {
        this.source = source;
        this.start = start;
        this.end = end;
        this.members = members;
        this.count = count;
        this.flags = flags;
    }

    private LazyJsonObject(LazyJsonObject original) {
        this(original.source, original.start, original.end, original.members, original.count, original.flags);
        if (original.inflated != null) {
            inflated = new LinkedHashMap<>(original.inflated);
            return;
        }
        values = original.values == null ? null : original.values.clone();
        edits = original.edits == null ? null : original.edits.clone();
        removed = original.removed;
        added = original.added == null ? null : new LinkedHashMap<>(original.added);
    }

    /**
     * A shallow copy, as {@code new LinkedHashMap<>(this)} would be, that shares this object's bytes and index
     * instead of decoding every member: changes to either map do not show in the other; nested values are shared.
     */
    public LazyJsonObject copy() {
        return new LazyJsonObject(this);
    }

    // ---- reading ----

    @Override
    public int size() {
        if (inflated != null) {
            return inflated.size();
        }
        return count - removed + (added == null ? 0 : added.size());
    }

    @Override
    public Object get(Object key) {
        if (inflated != null) {
            return inflated.get(key);
        }
        int m = member(key);
        if (m >= 0) {
            return valueOf(m);
        }
        return added == null ? null : added.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        if (inflated != null) {
            return inflated.containsKey(key);
        }
        return member(key) >= 0 || (added != null && added.containsKey(key));
    }

    @Override
    public Object getOrDefault(Object key, Object defaultValue) {
        if (inflated != null) {
            return inflated.getOrDefault(key, defaultValue);
        }
        int m = member(key);
        if (m >= 0) {
            return valueOf(m);
        }
        return added == null ? defaultValue : added.getOrDefault(key, defaultValue);
    }

    // ---- changing ----

    @Override
    public Object put(String key, Object value) {
        if (inflated != null) {
            return inflated.put(key, value);
        }
        int m = member(key);
        if (m >= 0) {
            Object previous = valueOf(m);
            assign(m, value);
            return previous;
        }
        if (added == null) {
            added = new LinkedHashMap<>();
        }
        return added.put(key, value);
    }

    @Override
    public Object remove(Object key) {
        if (inflated != null) {
            return inflated.remove(key);
        }
        int m = member(key);
        if (m >= 0) {
            Object previous = valueOf(m);
            removeMember(m);
            return previous;
        }
        return added == null ? null : added.remove(key);
    }

    @Override
    public void clear() {
        if (inflated != null) {
            inflated.clear();
            return;
        }
        edits = new byte[count];
        Arrays.fill(edits, REMOVED);
        removed = count;
        values = null;
        added = null;
    }

    @Override
    public Object putIfAbsent(String key, Object value) {
        return inflate().putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return inflate().remove(key, value);
    }

    @Override
    public boolean replace(String key, Object oldValue, Object newValue) {
        return inflate().replace(key, oldValue, newValue);
    }

    @Override
    public Object replace(String key, Object value) {
        return inflate().replace(key, value);
    }

    @Override
    public Object computeIfAbsent(String key, Function<? super String, ?> function) {
        return inflate().computeIfAbsent(key, function);
    }

    @Override
    public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> function) {
        return inflate().computeIfPresent(key, function);
    }

    @Override
    public Object compute(String key, BiFunction<? super String, ? super Object, ?> function) {
        return inflate().compute(key, function);
    }

    @Override
    public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> function) {
        return inflate().merge(key, value, function);
    }

    @Override
    public void replaceAll(BiFunction<? super String, ? super Object, ?> function) {
        inflate().replaceAll(function);
    }

    @Override
    public Object clone() {
        return copy();
    }

    // ---- views ----

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        if (inflated != null) {
            return inflated.entrySet();
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Members();
            }

            @Override
            public int size() {
                return LazyJsonObject.this.size();
            }

            @Override
            public void clear() {
                LazyJsonObject.this.clear();
            }
        };
    }

    /** The source's members in order (those not removed), then those added. */
    private final class Members implements Iterator<Map.Entry<String, Object>> {
        private int next = nextMember(0);
        private Iterator<Map.Entry<String, Object>> addedEntries;
        private int current = -1;
        private boolean currentAdded;

        @Override
        public boolean hasNext() {
            if (next < count) {
                return true;
            }
            if (addedEntries == null && added != null) {
                addedEntries = added.entrySet().iterator();
            }
            return addedEntries != null && addedEntries.hasNext();
        }

        @Override
        public Map.Entry<String, Object> next() {
            if (next < count) {
                current = next;
                currentAdded = false;
                next = nextMember(next + 1);
                return new Member(current);
            }
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            currentAdded = true;
            current = -1;
            return addedEntries.next();
        }

        @Override
        public void remove() {
            if (currentAdded) {
                addedEntries.remove();
                currentAdded = false;
            } else if (current >= 0 && !isRemoved(current)) {
                removeMember(current);
                current = -1;
            } else {
                throw new IllegalStateException("next() has not been called, or remove() was called already");
            }
        }
    }

    /** An entry of a source member, reading and writing through to the object. */
    private final class Member implements Map.Entry<String, Object> {
        private final int m;

        Member(int m) {
            this.m = m;
        }

        @Override
        public String getKey() {
            return name(m);
        }

        @Override
        public Object getValue() {
            return valueOf(m);
        }

        @Override
        public Object setValue(Object value) {
            Object previous = valueOf(m);
            assign(m, value);
            return previous;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry && Objects.equals(getKey(), ((Map.Entry<?, ?>) o).getKey())
                    && Objects.equals(getValue(), ((Map.Entry<?, ?>) o).getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }

    // ---- the index ----

    /** The index of the member named {@code key} that is not removed, or -1. */
    private int member(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        String name = (String) key;
        int hash = name.hashCode();
        for (int m = 0; m < count; m++) {
            if (members[m * STRIDE + HASH] == hash && nameEquals(m, name)) {
                return isRemoved(m) ? -1 : m;
            }
        }
        return -1;
    }

    private boolean nameEquals(int m, String name) {
        int at = m * STRIDE;
        if ((members[at + FLAGS] & SIMPLE_NAME) == 0) {
            return name(m).equals(name);
        }
        int from = members[at + NAME_START];
        int length = members[at + NAME_END] - from;
        if (name.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (name.charAt(k) != source[from + k]) {
                return false;
            }
        }
        return true;
    }

    private String name(int m) {
        return JsonScanner.decodeString(source, members[m * STRIDE + NAME_START], members[m * STRIDE + NAME_END]);
    }

    private Object valueOf(int m) {
        if (values == null) {
            values = new Object[count];
            Arrays.fill(values, UNREAD);
        }
        Object value = values[m];
        if (value == UNREAD) {
            value = JsonScanner.value(source, members[m * STRIDE + VALUE_START], members[m * STRIDE + VALUE_END]);
            values[m] = value;
        }
        return value;
    }

    private void assign(int m, Object value) {
        valueOf(m); // allocates values
        values[m] = value;
        edits()[m] = ASSIGNED;
    }

    private void removeMember(int m) {
        if (values != null) {
            values[m] = null;
        }
        edits()[m] = REMOVED;
        removed++;
    }

    private byte[] edits() {
        if (edits == null) {
            edits = new byte[count];
        }
        return edits;
    }

    private boolean isRemoved(int m) {
        return edits != null && edits[m] == REMOVED;
    }

    private int nextMember(int from) {
        int m = from;
        while (m < count && isRemoved(m)) {
            m++;
        }
        return m;
    }

    /** Moves every member into a map of this object's own, for the operations the index does not serve. */
    private Map<String, Object> inflate() {
        if (inflated == null) {
            LinkedHashMap<String, Object> all = new LinkedHashMap<>(this);
            values = null;
            edits = null;
            added = null;
            inflated = all;
        }
        return inflated;
    }

    private Object writeReplace() {
        return new LinkedHashMap<>(this);
    }

    // ---- rendering ----

    /**
     * Whether nothing was changed in this object or in an object read from it: then its text is its source. A list
     * read from it counts as changed, since lists do not tell.
     */
    boolean untouched() {
        if (inflated != null || edits != null || added != null) {
            return false;
        }
        if (values != null) {
            for (Object value : values) {
                if (value instanceof List || (value instanceof Map
                        && !(value instanceof LazyJsonObject && ((LazyJsonObject) value).untouched()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes this object: its source bytes when {@link #untouched()}, otherwise member by member, each member that
     * was not assigned (and is not a container read from it) as its source bytes, runs of adjacent such members in
     * one copy. Whitespace in copied bytes is compacted away; members with text the renderer writes differently (see
     * {@link JsonScanner#REWRITTEN}) are decoded and rendered, so the output is the same as for the same values from
     * anywhere else. Writes nothing into this object.
     */
    void write(JsonGenerator g, JsonRenderer renderer) throws IOException {
        if (inflated != null) {
            renderer.writeEntries(inflated, g);
            return;
        }
        if ((flags & (REWRITTEN | DUPLICATE_NAME)) == 0 && untouched()) {
            g.writeRawValue(slice(start, end, (flags & WHITESPACE) != 0));
            return;
        }
        new MemberWriter(g).write(renderer);
    }

    /**
     * Writes the members of an object that was changed. Copied members go out with {@code writeRaw}, which the
     * generator does not track, so this writer puts the commas between them and before the first member the
     * generator writes itself, after which the generator puts its own.
     */
    private final class MemberWriter {
        private final JsonGenerator g;
        private int runStart = -1;
        private int runEnd;
        private boolean written;
        private boolean generatorWroteName;

        MemberWriter(JsonGenerator g) {
            this.g = g;
        }

        void write(JsonRenderer renderer) throws IOException {
            g.writeStartObject();
            for (int m = 0; m < count; m++) {
                byte edit = edits == null ? 0 : edits[m];
                if (edit == REMOVED) {
                    continue;
                }
                int at = m * STRIDE;
                int memberFlags = members[at + FLAGS];
                Object read = values == null ? UNREAD : values[m];
                boolean copied = edit != ASSIGNED && !(read instanceof Map) && !(read instanceof List)
                        && (memberFlags & (REWRITTEN | JsonScanner.REWRITTEN_NAME | WHITESPACE)) == 0;
                int nameQuote = members[at + NAME_START] - 1;
                if (copied && members[at + VALUE_START] == members[at + NAME_END] + 2) {
                    // "name":value without whitespace: joins the run when it follows it after one comma
                    if (runStart >= 0 && nameQuote != runEnd + 1) {
                        flushRun();
                    }
                    if (runStart < 0) {
                        runStart = nameQuote;
                    }
                    runEnd = members[at + VALUE_END];
                    continue;
                }
                flushRun();
                nameByGenerator(m);
                if (edit == ASSIGNED || read instanceof Map || read instanceof List) {
                    renderer.write(null, read, g);
                } else if ((memberFlags & REWRITTEN) != 0) {
                    renderer.write(null, JsonScanner.value(source, members[at + VALUE_START], members[at + VALUE_END]), g);
                } else {
                    g.writeRawValue(slice(members[at + VALUE_START], members[at + VALUE_END],
                            (memberFlags & WHITESPACE) != 0));
                }
            }
            flushRun();
            if (added != null && !added.isEmpty()) {
                beforeGeneratorName();
                renderer.writeMembers(added, g);
            }
            g.writeEndObject();
        }

        private void flushRun() throws IOException {
            if (runStart < 0) {
                return;
            }
            if (written) {
                g.writeRaw(',');
            }
            g.writeRaw(new Utf8Slice(source, runStart, runEnd - runStart));
            written = true;
            runStart = -1;
        }

        private void nameByGenerator(int m) throws IOException {
            beforeGeneratorName();
            int at = m * STRIDE;
            if ((members[at + FLAGS] & JsonScanner.REWRITTEN_NAME) == 0) {
                g.writeFieldName(new Utf8Slice(source, members[at + NAME_START],
                        members[at + NAME_END] - members[at + NAME_START]));
            } else {
                g.writeFieldName(name(m));
            }
        }

        /** The generator puts a comma before a name only after a name of its own: before its first, this does. */
        private void beforeGeneratorName() throws IOException {
            if (written && !generatorWroteName) {
                g.writeRaw(',');
            }
            written = true;
            generatorWroteName = true;
        }
    }

    private Utf8Slice slice(int from, int to, boolean compact) {
        return compact ? JsonText.compact(source, from, to) : new Utf8Slice(source, from, to - from);
    }

    // ---- heap ----

    @Override
    public long heapBytes() {
        return HeapEstimate.array(source.length) + heapBytesBeside(source);
    }

    /** The heap this object keeps reachable, without {@code counted} (a source array counted already). */
    long heapBytesBeside(byte[] counted) {
        long bytes = HeapEstimate.LAZY_OBJECT + HeapEstimate.intArray(members.length);
        if (source != counted) {
            bytes += HeapEstimate.array(source.length);
        }
        if (inflated != null) {
            return bytes + HeapEstimate.mapEntries(inflated, counted);
        }
        if (values != null) {
            bytes += HeapEstimate.referenceArray(count);
            for (Object value : values) {
                bytes += value == UNREAD ? 0 : HeapEstimate.of(value, source);
            }
        }
        if (edits != null) {
            bytes += HeapEstimate.array(count);
        }
        if (added != null) {
            bytes += HeapEstimate.of(added, source);
        }
        return bytes;
    }

}
