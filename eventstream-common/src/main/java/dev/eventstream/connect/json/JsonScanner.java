package dev.eventstream.connect.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A validating scanner for one JSON object in UTF-8 bytes that builds no values: it checks the grammar (RFC 8259),
 * string escapes (no unpaired surrogate), nesting depth and number length and scale, and records where each member
 * of the outer object lies, so that a {@link LazyJsonObject} can read members when they are asked for and copy the
 * untouched ones as they were written. A refused input yields null without saying why; the caller then asks a full parser
 * for the message, so the scanner must refuse at least everything that parser refuses, and may refuse more (the
 * caller then gets that parser's value instead). Thread-safe; every scan keeps its state in a {@link Scan}.
 *
 * <p>Also the decoder of member values, which runs on spans this scanner accepted: strings, exact numbers (a
 * {@code Long} when an integer fits, a {@link BigDecimal} otherwise), booleans, null, arrays as {@link ArrayList}s
 * and objects as lazy objects again.
 */
public final class JsonScanner {

    /** The largest scale (and smallest negative scale) a number may have: the renderer writes them out. */
    public static final int MAX_SCALE = 9999;

    // the layout of a member in LazyJsonObject's index: six ints
    static final int NAME_START = 0;
    static final int NAME_END = 1;
    static final int VALUE_START = 2;
    static final int VALUE_END = 3;
    static final int HASH = 4;
    static final int FLAGS = 5;
    static final int STRIDE = 6;

    /** A flag of an object or member: whitespace outside strings inside it (copies must be compacted). */
    static final int WHITESPACE = 1;
    /**
     * Text the renderer writes differently: a number with an exponent or a negative zero (written out), a {@code \/}
     * or {@code \}{@code u} escape (written as the character, or in Jackson's form): such members are rendered
     * from their decoded values, so that the output does not depend on how the producer wrote them.
     */
    static final int REWRITTEN = 2;
    /** An object flag: a name appears twice (the index keeps one member; the source text has both). */
    static final int DUPLICATE_NAME = 4;
    /** A member flag: the name is ASCII without escapes, so it compares and hashes byte for byte. */
    static final int SIMPLE_NAME = 8;

    // where a scan is inside a container
    private static final int OPENED = 0;      // right after its '{' or '[': a member, an element or its end
    private static final int EXPECTED = 1;    // after a comma: a member or an element
    private static final int AFTER_VALUE = 2; // a comma or its end

    /** A member's name has escapes the renderer writes differently: it is written from its decoded text. */
    static final int REWRITTEN_NAME = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Each thread's room for the index of the object it scans; the object gets an exact copy. */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[64 * STRIDE]);

    private static final JsonScanner TRUSTED = new JsonScanner(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private final int maxDepth;
    private final int maxNumberLength;

    /**
     * @param maxDepth        the deepest nesting accepted, the outer object being level 1
     * @param maxNumberLength the longest number text accepted
     */
    public JsonScanner(int maxDepth, int maxNumberLength) {
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
    }

    /**
     * The object whose {@code {} is at {@code bytes[start]} as a lazy object backed by {@code bytes} (not copied), or
     * null unless the bytes from {@code start} are one well-formed object in UTF-8 within the limits, followed by
     * whitespace only. The bytes must not change afterwards.
     */
    public LazyJsonObject object(byte[] bytes, int start) {
        Scan scan = new Scan(bytes, bytes.length);
        int after = scan.object(start);
        if (after < 0 || Scan.skipWhitespace(bytes, after, bytes.length) != bytes.length) {
            return null;
        }
        return scan.result(start, after);
    }

    /** The object at {@code bytes[start, end)}, which this scanner accepted before as part of a larger value. */
    static LazyJsonObject trustedObject(byte[] bytes, int start, int end) {
        Scan scan = TRUSTED.new Scan(bytes, end);
        int after = scan.object(start);
        if (after != end) {
            throw new IllegalStateException("a span that was scanned before is no longer one JSON object");
        }
        return scan.result(start, end);
    }

    /** The state of one scan: the position's nesting and the members of the outer object found so far. */
    private final class Scan {
        private final byte[] b;
        private final int end;
        private long[] kinds = new long[1]; // one bit a level: 1 for an object
        private int[] members;
        private int count;
        private int flags;
        private int memberFlags;
        private int nameFlags;

        Scan(byte[] bytes, int end) {
            this.b = bytes;
            this.end = end;
            this.members = SCRATCH.get();
        }

        /** Scans the object at {@code start}; the position after it, or -1. */
        int object(int start) {
            int depth = 1;
            setKind(1, true);
            int i = start + 1;
            int state = OPENED;
            while (true) {
                i = whitespace(i, depth);
                if (i >= end) {
                    return -1;
                }
                byte c = b[i];
                boolean inObject = isObject(depth);
                if (state != EXPECTED && c == (inObject ? '}' : ']')) {
                    i++;
                    if (--depth == 0) {
                        return i;
                    }
                    if (depth == 1) {
                        endMember(i);
                    }
                    state = AFTER_VALUE;
                    continue;
                }
                if (state == AFTER_VALUE) {
                    if (c != ',') {
                        return -1;
                    }
                    i++;
                    state = EXPECTED;
                    continue;
                }
                if (inObject) {
                    if (c != '"') {
                        return -1;
                    }
                    if (depth == 1) {
                        ensureRoom();
                        i = name(i + 1);
                    } else {
                        i = string(i + 1);
                    }
                    if (i < 0) {
                        return -1;
                    }
                    i = whitespace(i, depth);
                    if (i >= end || b[i] != ':') {
                        return -1;
                    }
                    i = whitespace(i + 1, depth);
                    if (i >= end) {
                        return -1;
                    }
                    c = b[i];
                }
                if (depth == 1) {
                    memberFlags = nameFlags;
                    members[count * STRIDE + VALUE_START] = i;
                }
                if (c == '{' || c == '[') {
                    if (depth >= maxDepth) {
                        return -1;
                    }
                    setKind(++depth, c == '{');
                    i++;
                    state = OPENED;
                    continue;
                }
                i = scalar(i);
                if (i < 0) {
                    return -1;
                }
                if (depth == 1) {
                    endMember(i);
                }
                state = AFTER_VALUE;
            }
        }

        /** The position after the scalar at {@code i}, or -1. */
        private int scalar(int i) {
            switch (b[i]) {
                case '"':
                    return string(i + 1);
                case 't':
                    return literal(i, "true");
                case 'f':
                    return literal(i, "false");
                case 'n':
                    return literal(i, "null");
                default:
                    return number(i);
            }
        }

        private int literal(int i, String word) {
            if (i + word.length() > end) {
                return -1;
            }
            for (int k = 1; k < word.length(); k++) {
                if (b[i + k] != word.charAt(k)) {
                    return -1;
                }
            }
            return i + word.length();
        }

        /** The position after the string whose content starts at {@code i}, or -1. */
        private int string(int i) {
            while (true) {
                while (i + 8 <= end && plain((long) LONGS.get(b, i))) {
                    i += 8;
                }
                if (i >= end) {
                    return -1;
                }
                int c = b[i] & 0xFF;
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\') {
                    i = escape(i + 1);
                    if (i < 0) {
                        return -1;
                    }
                } else if (c >= 0x80) {
                    int sequence = Utf8Sequences.length(b, i, end);
                    if (sequence < 0) {
                        return -1;
                    }
                    i += sequence;
                } else if (c < 0x20) {
                    return -1;
                } else {
                    i++;
                }
            }
        }

        /**
         * Scans a name of the outer object, whose content starts at {@code i}, into the member being read: its
         * hash as {@link String#hashCode()} computes it, computed on the way when the name is ASCII without escapes.
         * The position after it, or -1.
         */
        private int name(int i) {
            int at = count * STRIDE;
            int hash = 0;
            for (int k = i; k < end; k++) {
                byte c = b[k];
                if (c == '"') {
                    members[at + NAME_START] = i;
                    members[at + NAME_END] = k;
                    members[at + HASH] = hash;
                    nameFlags = SIMPLE_NAME;
                    return k + 1;
                }
                if (c < 0x20 || c == '\\') {
                    break; // an escape, a control character or a byte of a multi-byte character
                }
                hash = 31 * hash + c;
            }
            int before = memberFlags;
            memberFlags = 0;
            int after = string(i);
            if (after < 0) {
                return -1;
            }
            members[at + NAME_START] = i;
            members[at + NAME_END] = after - 1;
            members[at + HASH] = decodeString(b, i, after - 1).hashCode();
            nameFlags = (memberFlags & REWRITTEN) != 0 ? REWRITTEN_NAME : 0;
            memberFlags = before;
            return after;
        }

        /** The position after the escape whose letter is at {@code i}, or -1 (unknown escape, unpaired surrogate). */
        private int escape(int i) {
            if (i >= end) {
                return -1;
            }
            switch (b[i]) {
                case '"':
                case '\\':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    return i + 1;
                case '/':
                    rewritten();
                    return i + 1;
                case 'u':
                    rewritten();
                    int unit = hex4(b, i + 1, end);
                    if (Character.isHighSurrogate((char) unit)) {
                        if (i + 10 < end && b[i + 5] == '\\' && b[i + 6] == 'u'
                                && Character.isLowSurrogate((char) hex4(b, i + 7, end))) {
                            return i + 11;
                        }
                        return -1;
                    }
                    return unit < 0 || Character.isLowSurrogate((char) unit) ? -1 : i + 5;
                default:
                    return -1;
            }
        }

        /** The position after the number at {@code i}, or -1 (malformed, too long, scale beyond ±MAX_SCALE). */
        private int number(int i) {
            int start = i;
            boolean negative = b[i] == '-';
            if (negative) {
                i++;
            }
            if (i >= end) {
                return -1;
            }
            boolean zero = b[i] == '0';
            if (zero) {
                i++;
            } else if (isDigit(b[i])) {
                while (i < end && isDigit(b[i])) {
                    i++;
                }
            } else {
                return -1;
            }
            int fractionDigits = 0;
            if (i < end && b[i] == '.') {
                int digits = ++i;
                while (i < end && isDigit(b[i])) {
                    zero &= b[i] == '0';
                    i++;
                }
                fractionDigits = i - digits;
                if (fractionDigits == 0) {
                    return -1;
                }
            }
            long exponent = 0;
            boolean hasExponent = i < end && (b[i] | 0x20) == 'e';
            if (hasExponent) {
                i++;
                boolean negativeExponent = i < end && b[i] == '-';
                if (i < end && (b[i] == '-' || b[i] == '+')) {
                    i++;
                }
                int digits = i;
                while (i < end && isDigit(b[i])) {
                    if (i - digits == 9) {
                        return -1; // far beyond any scale allowed
                    }
                    exponent = exponent * 10 + (b[i] - '0');
                    i++;
                }
                if (i == digits) {
                    return -1;
                }
                exponent = negativeExponent ? -exponent : exponent;
            }
            long scale = fractionDigits - exponent;
            if (i - start > maxNumberLength || scale > MAX_SCALE || scale < -MAX_SCALE) {
                return -1;
            }
            if (hasExponent || (negative && zero)) {
                rewritten();
            }
            return i;
        }

        private void rewritten() {
            memberFlags |= REWRITTEN;
            flags |= REWRITTEN;
        }

        /** Skips whitespace, noting where it was. */
        private int whitespace(int i, int depth) {
            if (i < end && b[i] > ' ') {
                return i; // compact JSON: no whitespace
            }
            int after = skipWhitespace(b, i, end);
            if (after != i) {
                flags |= WHITESPACE;
                if (depth > 1) {
                    memberFlags |= WHITESPACE;
                }
            }
            return after;
        }

        static int skipWhitespace(byte[] b, int i, int end) {
            while (i < end && isWhitespace(b[i])) {
                i++;
            }
            return i;
        }

        private void ensureRoom() {
            if ((count + 1) * STRIDE > members.length) {
                members = Arrays.copyOf(members, members.length * 2);
                SCRATCH.set(members);
            }
        }

        private void endMember(int valueEnd) {
            int at = count * STRIDE;
            members[at + VALUE_END] = valueEnd;
            members[at + FLAGS] = memberFlags;
            count++;
        }

        private boolean isObject(int depth) {
            int bit = depth - 1;
            return (kinds[bit >> 6] & (1L << (bit & 63))) != 0;
        }

        private void setKind(int depth, boolean object) {
            int bit = depth - 1;
            if ((bit >> 6) >= kinds.length) {
                kinds = Arrays.copyOf(kinds, kinds.length * 2);
            }
            if (object) {
                kinds[bit >> 6] |= 1L << (bit & 63);
            } else {
                kinds[bit >> 6] &= ~(1L << (bit & 63));
            }
        }

        /** The lazy object over the members found: names hashed, a repeated name merged into its first place. */
        LazyJsonObject result(int start, int after) {
            int unique = count;
            long seen = 0; // one bit per hash modulo 64: only a name whose bit was seen can be a repeat
            for (int m = 0; m < unique; m++) {
                long bit = 1L << members[m * STRIDE + HASH];
                if ((seen & bit) == 0) {
                    seen |= bit;
                    continue;
                }
                for (int earlier = 0; earlier < m; earlier++) {
                    if (members[earlier * STRIDE + HASH] == members[m * STRIDE + HASH] && sameName(earlier, m)) {
                        // first position, last value
                        System.arraycopy(members, m * STRIDE + VALUE_START, members, earlier * STRIDE + VALUE_START, 2);
                        int kept = members[earlier * STRIDE + FLAGS] & (SIMPLE_NAME | REWRITTEN_NAME);
                        members[earlier * STRIDE + FLAGS] = kept | (members[m * STRIDE + FLAGS] & ~(SIMPLE_NAME | REWRITTEN_NAME));
                        System.arraycopy(members, (m + 1) * STRIDE, members, m * STRIDE, (unique - m - 1) * STRIDE);
                        unique--;
                        m--;
                        flags |= DUPLICATE_NAME;
                        break;
                    }
                }
            }
            return new LazyJsonObject(b, start, after, Arrays.copyOf(members, unique * STRIDE), unique, flags);
        }

        private boolean sameName(int a, int c) {
            int atA = a * STRIDE;
            int atC = c * STRIDE;
            if ((members[atA + FLAGS] & members[atC + FLAGS] & SIMPLE_NAME) != 0) {
                return Arrays.equals(b, members[atA + NAME_START], members[atA + NAME_END],
                        b, members[atC + NAME_START], members[atC + NAME_END]);
            }
            return decodeString(b, members[atA + NAME_START], members[atA + NAME_END])
                    .equals(decodeString(b, members[atC + NAME_START], members[atC + NAME_END]));
        }
    }

    // ---- decoding of spans that were scanned before ----

    /** The Connect value of the JSON value at {@code bytes[start, end)} (no surrounding whitespace). */
    static Object value(byte[] bytes, int start, int end) {
        switch (bytes[start]) {
            case '{':
                return trustedObject(bytes, start, end);
            case '[':
                return array(bytes, start, end);
            case '"':
                return decodeString(bytes, start + 1, end - 1);
            case 't':
                return Boolean.TRUE;
            case 'f':
                return Boolean.FALSE;
            case 'n':
                return null;
            default:
                return number(bytes, start, end);
        }
    }

    private static List<Object> array(byte[] bytes, int start, int end) {
        List<Object> list = new ArrayList<>();
        int i = Scan.skipWhitespace(bytes, start + 1, end);
        if (bytes[i] == ']') {
            return list;
        }
        while (true) {
            int after = skipValue(bytes, i);
            list.add(value(bytes, i, after));
            i = Scan.skipWhitespace(bytes, after, end);
            if (bytes[i] == ']') {
                return list;
            }
            i = Scan.skipWhitespace(bytes, i + 1, end); // the comma
        }
    }

    /** The position after the (well-formed) value at {@code i}. */
    static int skipValue(byte[] bytes, int i) {
        byte c = bytes[i];
        if (c == '"') {
            return skipString(bytes, i + 1);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                byte d = bytes[i];
                if (d == '"') {
                    i = skipString(bytes, i + 1);
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
        }
        while (i < bytes.length) {
            byte d = bytes[i];
            if (d == ',' || d == '}' || d == ']' || isWhitespace(d)) {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipString(byte[] bytes, int i) {
        while (true) {
            byte c = bytes[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
    }

    private static Object number(byte[] bytes, int start, int end) {
        boolean integer = true;
        for (int i = start; i < end; i++) {
            byte c = bytes[i];
            if (c == '.' || c == 'e' || c == 'E') {
                integer = false;
                break;
            }
        }
        int digits = end - start - (bytes[start] == '-' ? 1 : 0);
        if (integer && digits <= 18) {
            long value = 0;
            for (int i = bytes[start] == '-' ? start + 1 : start; i < end; i++) {
                value = value * 10 + (bytes[i] - '0');
            }
            return bytes[start] == '-' ? -value : value;
        }
        BigDecimal value = new BigDecimal(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
        if (integer && value.unscaledValue().bitLength() < 64) {
            return value.longValueExact();
        }
        return value;
    }

    /** The text of a string's content at {@code bytes[start, end)} (between its quotes), escapes decoded. */
    static String decodeString(byte[] bytes, int start, int end) {
        int escape = start;
        while (escape < end && bytes[escape] != '\\') {
            escape++;
        }
        if (escape == end) {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            int run = i;
            while (run < end && bytes[run] != '\\') {
                run++;
            }
            text.append(new String(bytes, i, run - i, StandardCharsets.UTF_8));
            if (run == end) {
                break;
            }
            byte letter = bytes[run + 1];
            i = run + 2;
            switch (letter) {
                case 'b':
                    text.append('\b');
                    break;
                case 'f':
                    text.append('\f');
                    break;
                case 'n':
                    text.append('\n');
                    break;
                case 'r':
                    text.append('\r');
                    break;
                case 't':
                    text.append('\t');
                    break;
                case 'u':
                    text.append((char) hex4(bytes, run + 2, end));
                    i = run + 6;
                    break;
                default:
                    text.append((char) letter); // " \ /
                    break;
            }
        }
        return text.toString();
    }

    /** The value of four hex digits at {@code i}, or -1. */
    private static int hex4(byte[] bytes, int i, int end) {
        if (i + 4 > end) {
            return -1;
        }
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(bytes[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Whether the eight bytes in {@code word} are ASCII, none of them a quote, a backslash or a control character. */
    private static boolean plain(long word) {
        long quotes = word ^ 0x2222222222222222L;
        long backslashes = word ^ 0x5C5C5C5C5C5C5C5CL;
        long found = ((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes)
                | ((word - 0x2020202020202020L) & ~word) | word;
        return (found & HIGH_BITS) == 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
