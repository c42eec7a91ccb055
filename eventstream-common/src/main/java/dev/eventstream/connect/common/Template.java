package dev.eventstream.connect.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one template engine behind {@link PlaceholderTemplate} (render) and {@link TenantTemplate} (match and
 * render): literal texts and placeholder names, parsed from one of two syntaxes. {@code ${name}} is the syntax
 * users write; {@code {name}} stays accepted where it was (tenant templates), see docs/decisions.md.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class Template {

    /** How placeholders and escapes are written. */
    enum Syntax {
        /** {@code ${name}}; {@code $$} is a literal {@code $}; names are letters, digits, {@code _ - .}. */
        DOLLAR("${", "}", "letters, digits, '_', '-' and '.'"),
        /** {@code {name}}; {@code {{} and {@code }}} are literal braces; names are letters, digits, {@code _}. */
        BRACES("{", "}", "letters, digits and underscores");

        private final String open;
        private final String close;
        private final String nameRule;

        Syntax(String open, String close, String nameRule) {
            this.open = open;
            this.close = close;
            this.nameRule = nameRule;
        }

        /** The placeholder as this syntax writes it, for messages. */
        String placeholder(String name) {
            return open + name + close;
        }

        boolean isNameChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || this == DOLLAR && (c == '-' || c == '.');
        }
    }

    private final String text;
    private final Syntax syntax;
    /** literals[k] precedes names[k]; literals[names.length] is the trailing text. */
    private final String[] literals;
    private final String[] names;
    /** Where each placeholder starts in the text, for messages. */
    private final int[] starts;
    private final Set<String> nameSet;

    private Template(String text, Syntax syntax, List<String> literals, List<String> names, List<Integer> starts) {
        this.text = text;
        this.syntax = syntax;
        this.literals = literals.toArray(new String[0]);
        this.names = names.toArray(new String[0]);
        this.starts = starts.stream().mapToInt(Integer::intValue).toArray();
        this.nameSet = Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /**
     * Parses {@code text} in {@code syntax}.
     *
     * @throws IllegalArgumentException naming the template and what is wrong where
     */
    static Template parse(String text, Syntax syntax) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("Template must not be empty");
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int length = text.length();
        int i = 0;
        while (i < length) {
            int escaped = escapeAt(text, i, syntax);
            if (escaped >= 0) {
                literal.append(text.charAt(i));
                i += escaped;
            } else if (text.startsWith(syntax.open, i)) {
                int start = i + syntax.open.length();
                int j = start;
                while (j < length && syntax.isNameChar(text.charAt(j))) {
                    j++;
                }
                if (j == length) {
                    throw invalid(text, syntax == Syntax.DOLLAR ? "'${' at index " + i + " is never closed with '}'"
                            : "'{' at index " + i + " is never closed (write '{{' for a literal brace)");
                }
                if (text.charAt(j) != '}') {
                    throw invalid(text, "invalid character '" + text.charAt(j) + "' at index " + j
                            + " in a placeholder name (names are " + syntax.nameRule + ")");
                }
                if (j == start) {
                    throw invalid(text, "empty placeholder name at index " + i);
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(text.substring(start, j));
                starts.add(i);
                i = j + 1;
            } else if (syntax == Syntax.BRACES && text.charAt(i) == '}') {
                throw invalid(text, "'}' at index " + i + " has no matching '{' (write '}}' for a literal brace)");
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        literals.add(literal.toString());
        return new Template(text, syntax, literals, names, starts);
    }

    /** The length of the escape at {@code i} ({@code $$}, {@code {{}, {@code }}}), whose first char is literal; -1 if none. */
    private static int escapeAt(String text, int i, Syntax syntax) {
        char c = text.charAt(i);
        boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
        boolean escapable = syntax == Syntax.DOLLAR ? c == '$' : c == '{' || c == '}';
        return escapable && doubled ? 2 : -1;
    }

    static IllegalArgumentException invalid(String template, String problem) {
        return new SyntaxException("Invalid template '" + template + "': " + problem, problem);
    }

    /**
     * Refuses what makes a template unmatchable: a name that appears twice, or two placeholders with no literal
     * text between them (the split would be ambiguous).
     */
    Template requireMatchable() {
        for (int k = 1; k < names.length; k++) {
            for (int earlier = 0; earlier < k; earlier++) {
                if (names[earlier].equals(names[k])) {
                    throw invalid(text, "placeholder " + placeholder(names[k]) + " appears twice");
                }
            }
            if (literals[k].isEmpty()) {
                throw invalid(text, "placeholders " + placeholder(names[k - 1]) + " and " + placeholder(names[k])
                        + " are adjacent at index " + starts[k]
                        + ": without literal text between them the split is ambiguous");
            }
        }
        return this;
    }

    String placeholder(String name) {
        return syntax.placeholder(name);
    }

    Set<String> names() {
        return nameSet;
    }

    boolean has(String name) {
        return nameSet.contains(name);
    }

    boolean isConstant() {
        return names.length == 0;
    }

    /** The literal texts on either side of each occurrence of {@code name} that touch another placeholder. */
    List<String> separatorsOf(String name) {
        List<String> separators = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            if (!names[k].equals(name)) {
                continue;
            }
            if (k > 0) {
                separators.add(literals[k]);
            }
            if (k + 1 < names.length) {
                separators.add(literals[k + 1]);
            }
        }
        return List.copyOf(separators);
    }

    /** The literal text after placeholder {@code name}, or null when it is the last placeholder. */
    String terminator(String name) {
        int index = indexOf(name);
        return index == names.length - 1 ? null : literals[index + 1];
    }

    Optional<Map<String, String>> match(String input) {
        int[] bounds = new int[names.length * 2];
        if (input == null || !scan(input, bounds)) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) {
            values.put(names[k], input.substring(bounds[2 * k], bounds[2 * k + 1]));
        }
        return Optional.of(Collections.unmodifiableMap(values));
    }

    boolean matches(String input) {
        return input != null && scan(input, new int[names.length * 2]);
    }

    String extract(String input, String name) {
        int index = indexOf(name);
        int[] bounds = new int[names.length * 2];
        if (input == null || !scan(input, bounds)) {
            throw new TemplateMismatchException(text, input);
        }
        return input.substring(bounds[2 * index], bounds[2 * index + 1]);
    }

    private int indexOf(String name) {
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Template '" + text + "' has no placeholder " + placeholder(name));
    }

    /**
     * Fills {@code bounds} with [start, end) of each placeholder's value; false on mismatch. A left-to-right scan,
     * no backtracking: each value runs to the first occurrence of the literal after it, the last to the trailing text.
     */
    private boolean scan(String input, int[] bounds) {
        String prefix = literals[0];
        if (!input.startsWith(prefix)) {
            return false;
        }
        int pos = prefix.length();
        int last = names.length - 1;
        if (last < 0) {
            return input.length() == pos;
        }
        for (int k = 0; k < last; k++) {
            String next = literals[k + 1];
            int at = input.indexOf(next, pos + 1); // a value has at least one character
            if (at < 0) {
                return false;
            }
            bounds[2 * k] = pos;
            bounds[2 * k + 1] = at;
            pos = at + next.length();
        }
        String suffix = literals[last + 1];
        int end = input.length() - suffix.length();
        if (end <= pos || !input.startsWith(suffix, end)) {
            return false;
        }
        bounds[2 * last] = pos;
        bounds[2 * last + 1] = end;
        return true;
    }

    /**
     * The text with each placeholder replaced by {@code lookup.apply(name)}.
     *
     * @throws IllegalArgumentException when a value is null, or empty and {@code allowEmpty} is false
     */
    String render(Function<String, String> lookup, boolean allowEmpty) {
        StringBuilder sb = new StringBuilder(text.length() + 32);
        sb.append(literals[0]);
        for (int k = 0; k < names.length; k++) {
            String value = lookup.apply(names[k]);
            if (value == null || !allowEmpty && value.isEmpty()) {
                throw new IllegalArgumentException("Template '" + text + "' "
                        + (allowEmpty ? "has no value for " : "needs a non-empty value for ") + placeholder(names[k]));
            }
            sb.append(value).append(literals[k + 1]);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Template && text.equals(((Template) o).text) && syntax == ((Template) o).syntax;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
