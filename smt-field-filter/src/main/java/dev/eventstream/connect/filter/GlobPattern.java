package dev.eventstream.connect.filter;

/**
 * A glob compiled once: {@code *} matches any run of characters (also none), {@code ?} exactly one character, and
 * a backslash makes the next character literal ({@code \*}, {@code \?}, {@code \\}). Matching is case-sensitive,
 * allocates nothing, and runs in O(pattern x text) in the worst case (greedy match of the stars with
 * backtracking to the last star only), with no regular expression. Immutable and thread-safe.
 */
final class GlobPattern {

    private static final byte LITERAL = 0;
    private static final byte ANY_ONE = 1;
    private static final byte ANY_RUN = 2;

    private final String source;
    private final char[] chars;
    private final byte[] kinds;
    private final boolean literal;

    private GlobPattern(String source, char[] chars, byte[] kinds, boolean literal) {
        this.source = source;
        this.chars = chars;
        this.kinds = kinds;
        this.literal = literal;
    }

    static GlobPattern compile(String pattern) {
        char[] chars = new char[pattern.length()];
        byte[] kinds = new byte[pattern.length()];
        int n = 0;
        boolean literal = true;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                chars[n] = pattern.charAt(++i);
                kinds[n++] = LITERAL;
            } else if (c == '*') {
                if (n > 0 && kinds[n - 1] == ANY_RUN) {
                    continue; // ** is *
                }
                kinds[n++] = ANY_RUN;
                literal = false;
            } else if (c == '?') {
                kinds[n++] = ANY_ONE;
                literal = false;
            } else {
                chars[n] = c;
                kinds[n++] = LITERAL;
            }
        }
        return new GlobPattern(pattern, java.util.Arrays.copyOf(chars, n), java.util.Arrays.copyOf(kinds, n), literal);
    }

    /** Whether the pattern has no wildcard, so that it matches exactly one text: {@link #literalText()}. */
    boolean isLiteral() {
        return literal;
    }

    /** The one text a literal pattern matches (escapes removed). */
    String literalText() {
        return new String(chars);
    }

    boolean matches(String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        int length = text.length();
        while (t < length) {
            if (p < kinds.length && kinds[p] != ANY_RUN && (kinds[p] == ANY_ONE || chars[p] == text.charAt(t))) {
                p++;
                t++;
            } else if (p < kinds.length && kinds[p] == ANY_RUN) {
                star = p++;
                starText = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < kinds.length && kinds[p] == ANY_RUN) {
            p++;
        }
        return p == kinds.length;
    }

    @Override
    public String toString() {
        return source;
    }
}
