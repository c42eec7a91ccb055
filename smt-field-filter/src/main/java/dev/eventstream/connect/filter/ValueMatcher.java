package dev.eventstream.connect.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a scalar value is one of a set of exact values or matches one of a list of globs. Patterns
 * without wildcards join the exact set (one hash lookup); the others are tried in order. Strings are compared as
 * they are; numbers and booleans by their text ({@code 42}, {@code 1.50}, {@code true}); any other value (a
 * struct, map, array, bytes, null) matches nothing. Immutable and thread-safe.
 */
final class ValueMatcher {

    private final Set<String> exact;
    private final GlobPattern[] globs;

    ValueMatcher(List<String> values, List<String> patterns) {
        this.exact = new HashSet<>(values);
        List<GlobPattern> compiled = new ArrayList<>();
        for (String pattern : patterns) {
            GlobPattern glob = GlobPattern.compile(pattern);
            if (glob.isLiteral()) {
                exact.add(glob.literalText());
            } else {
                compiled.add(glob);
            }
        }
        this.globs = compiled.toArray(new GlobPattern[0]);
    }

    boolean matches(Object value) {
        String text = text(value);
        if (text == null) {
            return false;
        }
        if (exact.contains(text)) {
            return true;
        }
        for (GlobPattern glob : globs) {
            if (glob.matches(text)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return value.toString();
        }
        return null;
    }
}
