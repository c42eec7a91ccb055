package dev.eventstream.connect.json;

import java.util.ArrayList;

/**
 * A JSON array as the suite's JSON converter parses it: an ordinary {@link ArrayList} that also remembers the UTF-8
 * text it was parsed from, so that {@link JsonRenderer} copies the unchanged array, or its unchanged scalar
 * elements, instead of encoding them again (see {@link SourcedJsonObject}).
 */
public final class SourcedJsonArray extends ArrayList<Object> {

    private static final long serialVersionUID = 1L;

    private final transient SourcedMembers members;

    /** An empty array whose text starts at byte {@code start} of {@code source}. */
    public SourcedJsonArray(byte[] source, int start) {
        this(new SourcedMembers(source, start, false));
    }

    private SourcedJsonArray(SourcedMembers members) {
        this.members = members;
    }

    /** Adds a parsed element, as {@link SourcedJsonObject#putParsed} adds a member. */
    public void addParsed(Object value, int valueStart, int valueEnd, boolean canonical) {
        add(value);
        members.add(null, value, valueStart, valueEnd, canonical);
    }

    /** The nested container {@code value}, added with {@link #addParsed}, has ended. */
    public void nestedEnded(Object value) {
        SourcedMembers nested = SourcedMembers.of(value);
        if (nested != null) {
            members.nestedEnded(nested);
        }
    }

    /** Ends the array's text at byte {@code end} (exclusive, after its closing bracket). */
    public void endParsed(int end) {
        members.end(end);
    }

    /** A new, empty array that knows this one's text (see {@link SourcedJsonObject#emptyCopy()}). */
    public SourcedJsonArray emptyCopy() {
        return new SourcedJsonArray(members);
    }

    SourcedMembers members() {
        return members;
    }

    boolean unchanged() {
        if (members == null || !members.canonical() || size() != members.count) {
            return false;
        }
        for (int i = 0; i < members.count; i++) {
            if (!members.unchanged(i, get(i))) {
                return false;
            }
        }
        return true;
    }
}
