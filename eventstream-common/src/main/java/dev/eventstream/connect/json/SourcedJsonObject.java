package dev.eventstream.connect.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object as the suite's JSON converter parses it: an ordinary {@link LinkedHashMap} (fields in the order
 * they were written) that also remembers the UTF-8 text it was parsed from, so that {@link JsonRenderer} copies
 * what was not changed instead of encoding it again: the whole object when nothing in it changed, otherwise each
 * unchanged scalar member's token. Only text that is exactly what the renderer would write is copied (no
 * whitespace, exponent, escape or non-ASCII character in it), so the output is the same byte for byte as without
 * the text. Any change through any of the map's methods or views is seen, because the renderer compares each
 * member with the instance parsed at that place.
 *
 * <p>A transform that edits a copy keeps this for the members it copies untouched by starting the copy with
 * {@link #emptyCopy()}. The parser builds the object with {@link #putParsed}, {@link #nestedEnded} and
 * {@link #endParsed}; a map built otherwise (or deserialized) is rendered as any map.
 */
public final class SourcedJsonObject extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    private final transient SourcedMembers members;

    /** An empty object whose text starts at byte {@code start} of {@code source}. */
    public SourcedJsonObject(byte[] source, int start) {
        this(new SourcedMembers(source, start, true));
    }

    private SourcedJsonObject(SourcedMembers members) {
        this.members = members;
    }

    /**
     * Adds a parsed member. A scalar's token spans {@code [valueStart, valueEnd)} of the source, and
     * {@code canonical} says whether the token is exactly what the renderer writes for the value; a nested
     * {@link SourcedJsonObject} or {@link SourcedJsonArray} passes -1 for both bounds and is reported to
     * {@link #nestedEnded} when it ends. A repeated name keeps its first position and takes the last value, as
     * Jackson's tree does.
     */
    public void putParsed(String name, Object value, int valueStart, int valueEnd, boolean canonical) {
        int before = size();
        put(name, value);
        if (size() == before) {
            members.repeatedName();
            return;
        }
        members.add(name, value, valueStart, valueEnd, canonical);
    }

    /** The nested container {@code value}, added with {@link #putParsed}, has ended. */
    public void nestedEnded(Object value) {
        SourcedMembers nested = SourcedMembers.of(value);
        if (nested != null) {
            members.nestedEnded(nested);
        }
    }

    /** Ends the object's text at byte {@code end} (exclusive, after its closing brace). */
    public void endParsed(int end) {
        members.end(end);
    }

    /**
     * A new, empty object that knows this one's text: a transform fills it with this object's members, changed or
     * not, and the unchanged ones are still copied from their text.
     */
    public SourcedJsonObject emptyCopy() {
        return new SourcedJsonObject(members);
    }

    SourcedMembers members() {
        return members;
    }

    /** Whether the object holds exactly what was parsed, nested containers included, and its text is canonical. */
    boolean unchanged() {
        if (members == null || !members.canonical() || size() != members.count) {
            return false;
        }
        int i = 0;
        for (Map.Entry<?, ?> entry : entrySet()) {
            Object name = entry.getKey();
            if (members.names[i] != name && !members.names[i].equals(name) || !members.unchanged(i, entry.getValue())) {
                return false;
            }
            i++;
        }
        return true;
    }
}
