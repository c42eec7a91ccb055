package dev.eventstream.connect.json;

import java.util.Arrays;

/**
 * What a {@link SourcedJsonObject} or {@link SourcedJsonArray} was parsed from: the UTF-8 text, the container's
 * span in it, and each member as parsed: its name, its value instance, and, for a scalar whose token is written
 * exactly as {@link JsonRenderer} would write the value, the token's span. Values are kept by identity: a member
 * whose current value is still the very instance parsed from a span can be written as that span. Scalars from the
 * parser are immutable (String, Long, BigDecimal, Boolean, null), so identity proves the text still stands for
 * the value; nested containers are checked in turn, since they can be changed in place.
 *
 * <p>The container as a whole is canonical when it is written exactly as the renderer would write it: every
 * member canonical, no whitespace between tokens, no repeated name, names of plain ASCII. Only then can its whole
 * span stand for it. Shared by the copies a transform makes; never changed once the parser ended the container.
 */
final class SourcedMembers {

    /** The bounds of a member without text of its own to copy: a container (it has its own) or a non-canonical scalar. */
    static final int NO_TEXT = -1;

    final byte[] source;
    final int start;
    int end = NO_TEXT;
    int count;
    String[] names;
    Object[] values;
    int[] bounds;
    /** Bytes of the members' text as the renderer writes it, separators and braces aside. */
    private long compactLength;
    private boolean allCanonical = true;
    private boolean canonical;

    SourcedMembers(byte[] source, int start, boolean named) {
        this.source = source;
        this.start = start;
        this.names = named ? new String[8] : null;
        this.values = new Object[8];
        this.bounds = new int[16];
    }

    /**
     * Adds a member. A scalar passes its token's span and whether that token is canonical; a nested container
     * passes {@link #NO_TEXT} and later {@link #nestedEnded}.
     */
    void add(String name, Object value, int valueStart, int valueEnd, boolean canonicalToken) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            bounds = Arrays.copyOf(bounds, count * 4);
            if (names != null) {
                names = Arrays.copyOf(names, count * 2);
            }
        }
        if (names != null) {
            names[count] = name;
            // "name": at its shortest; a name with escapes or non-ASCII text is longer in the source
            compactLength += name.length() + 3;
        }
        values[count] = value;
        boolean scalar = valueStart != NO_TEXT;
        bounds[2 * count] = scalar && canonicalToken ? valueStart : NO_TEXT;
        bounds[2 * count + 1] = scalar && canonicalToken ? valueEnd : NO_TEXT;
        if (scalar) {
            compactLength += valueEnd - valueStart;
            allCanonical &= canonicalToken;
        }
        count++;
    }

    /** A nested container added with {@link #add} ended. */
    void nestedEnded(SourcedMembers nested) {
        compactLength += nested.end - nested.start;
        allCanonical &= nested.canonical;
    }

    /** A repeated name: the text holds a member that the container does not. */
    void repeatedName() {
        allCanonical = false;
    }

    void end(int endOffset) {
        this.end = endOffset;
        long separators = Math.max(0, count - 1);
        canonical = allCanonical && endOffset - start == 2 + compactLength + separators;
    }

    boolean canonical() {
        return canonical;
    }

    /** The index of the member named {@code name} at or after {@code from}, or -1 (names are few: a linear scan). */
    int find(Object name, int from) {
        for (int i = from; i < count; i++) {
            if (names[i] == name || names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether member {@code index} still holds the scalar parsed there, with a canonical token to write it as. */
    boolean scalarUnchanged(int index, Object value) {
        return values[index] == value && bounds[2 * index] != NO_TEXT;
    }

    /** Whether {@code value} at member {@code index} is what was parsed there, nested containers included. */
    boolean unchanged(int index, Object value) {
        if (values[index] != value) {
            return false;
        }
        if (value instanceof SourcedJsonObject) {
            return ((SourcedJsonObject) value).unchanged();
        }
        if (value instanceof SourcedJsonArray) {
            return ((SourcedJsonArray) value).unchanged();
        }
        return true;
    }

    Utf8Slice scalarText(int index) {
        return new Utf8Slice(source, bounds[2 * index], bounds[2 * index + 1] - bounds[2 * index]);
    }

    Utf8Slice wholeText() {
        return new Utf8Slice(source, start, end - start);
    }

    /** The members of a parsed container, or null for any other value. */
    static SourcedMembers of(Object value) {
        if (value instanceof SourcedJsonObject) {
            return ((SourcedJsonObject) value).members();
        }
        if (value instanceof SourcedJsonArray) {
            return ((SourcedJsonArray) value).members();
        }
        return null;
    }
}
