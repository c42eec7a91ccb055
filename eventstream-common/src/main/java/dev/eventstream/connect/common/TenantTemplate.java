package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A template that names the parts of a string, such as a record key {@code {tenant_id}:{agent_id}} or a
 * topic {@code {tenant_id}.chat-events}, to extract them, or to build such a string.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>{@code {name}} is a placeholder; a name is one or more letters, digits or underscores, and appears once.</li>
 *   <li>Anything else is literal text; {@code {{} and {@code }}} are a literal brace.</li>
 *   <li>Two placeholders must be separated by literal text ({@code {a}{b}} is ambiguous and rejected).</li>
 * </ul>
 *
 * <h2>Matching</h2>
 * The input must start with the template's leading literal text and end with its trailing literal text.
 * Each placeholder matches one or more characters, up to the first occurrence of the literal text that
 * follows it (non-greedy); the last placeholder takes the rest, up to the trailing literal. An empty value
 * is a mismatch. Matching is a plain left-to-right scan: no regular expression, no backtracking, so for
 * {@code {tenant_id}:{agent_id}} the input {@code acme:a:b} gives {@code tenant_id=acme}, {@code agent_id=a:b}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TenantTemplate {

    private final String template;
    /** literals[k] precedes names[k]; literals[names.length] is the trailing text. */
    private final String[] literals;
    private final String[] names;
    private final Set<String> nameSet;

    private TenantTemplate(String template, String[] literals, String[] names) {
        this.template = template;
        this.literals = literals;
        this.names = names;
        Set<String> set = new LinkedHashSet<>();
        Collections.addAll(set, names);
        this.nameSet = Collections.unmodifiableSet(set);
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template and what is wrong where: empty template, empty or
     *                                  invalid placeholder name, duplicate name, adjacent placeholders, unbalanced brace
     */
    public static TenantTemplate parse(String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("Template must not be empty");
        }
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int length = template.length();
        int i = 0;
        while (i < length) {
            char c = template.charAt(i);
            if (c == '{') {
                if (i + 1 < length && template.charAt(i + 1) == '{') {
                    literal.append('{');
                    i += 2;
                    continue;
                }
                int j = i + 1;
                while (j < length && isNameChar(template.charAt(j))) {
                    j++;
                }
                if (j == length) {
                    throw invalid(template, "'{' at index " + i + " is never closed (write '{{' for a literal brace)");
                }
                if (template.charAt(j) != '}') {
                    throw invalid(template, "invalid character '" + template.charAt(j) + "' at index " + j
                            + " in a placeholder name (names are letters, digits and underscores)");
                }
                if (j == i + 1) {
                    throw invalid(template, "empty placeholder name at index " + i);
                }
                String name = template.substring(i + 1, j);
                if (names.contains(name)) {
                    throw invalid(template, "placeholder {" + name + "} appears twice");
                }
                if (!names.isEmpty() && literal.length() == 0) {
                    throw invalid(template, "placeholders {" + names.get(names.size() - 1) + "} and {" + name
                            + "} are adjacent at index " + i + ": without literal text between them the split is ambiguous");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(name);
                i = j + 1;
            } else if (c == '}') {
                if (i + 1 < length && template.charAt(i + 1) == '}') {
                    literal.append('}');
                    i += 2;
                    continue;
                }
                throw invalid(template, "'}' at index " + i + " has no matching '{' (write '}}' for a literal brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        return new TenantTemplate(template, literals.toArray(new String[0]), names.toArray(new String[0]));
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static IllegalArgumentException invalid(String template, String problem) {
        return new IllegalArgumentException("Invalid template '" + template + "': " + problem);
    }

    /** A validator for a STRING config holding a template; null (unset) is accepted. */
    public static ConfigDef.Validator validator() {
        return validator(new String[0]);
    }

    /** A validator for a STRING config holding a template that must contain every one of {@code requiredNames}. */
    public static ConfigDef.Validator validator(String... requiredNames) {
        List<String> required = List.of(requiredNames);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                TenantTemplate template;
                try {
                    template = parse(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                for (String requiredName : required) {
                    if (!template.has(requiredName)) {
                        throw new ConfigException(name, value, "Template must contain the placeholder {" + requiredName + "}");
                    }
                }
            }

            @Override
            public String toString() {
                return "a template of {placeholders} and literal text"
                        + (required.isEmpty() ? "" : " containing {" + String.join("}, {", required) + "}");
            }
        };
    }

    /** The placeholder names, in template order. */
    public Set<String> names() {
        return nameSet;
    }

    /** Whether the template has a placeholder {@code name}. */
    public boolean has(String name) {
        return nameSet.contains(name);
    }

    /**
     * The literal text that ends the value of placeholder {@code name} when matching: the text between it and the
     * next placeholder. A value containing it is cut short (with {@code {tenant_id}:{callthread_id}},
     * {@code acme:eu:ct1} reads as {@code acme}). Null when {@code name} is the last placeholder: its value runs
     * to the trailing literal text, so it may contain any text.
     *
     * @throws IllegalArgumentException when the template has no placeholder {@code name}
     */
    public String terminator(String name) {
        int index = indexOf(name);
        return index == names.length - 1 ? null : literals[index + 1];
    }

    /** The values of every placeholder, in template order, or empty when {@code input} does not match. */
    public Optional<Map<String, String>> match(String input) {
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

    /** Whether {@code input} matches. */
    public boolean matches(String input) {
        return input != null && scan(input, new int[names.length * 2]);
    }

    /**
     * The value of placeholder {@code name} in {@code input}.
     *
     * @throws TemplateMismatchException when {@code input} does not match (callers add the record's coordinates)
     * @throws IllegalArgumentException  when the template has no placeholder {@code name}
     */
    public String extract(String input, String name) {
        int index = indexOf(name);
        int[] bounds = new int[names.length * 2];
        if (input == null || !scan(input, bounds)) {
            throw new TemplateMismatchException(template, input);
        }
        return input.substring(bounds[2 * index], bounds[2 * index + 1]);
    }

    private int indexOf(String name) {
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Template '" + template + "' has no placeholder {" + name + "}");
    }

    /** Fills {@code bounds} with [start, end) of each placeholder's value; false on mismatch. */
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
     * The template with each placeholder replaced by its value, e.g. {@code {tenant_id}.chat-events} with
     * {@code tenant_id=acme} gives {@code acme.chat-events}. Values are inserted as they are; extra entries are ignored.
     *
     * @throws IllegalArgumentException when a placeholder has no value or an empty one
     */
    public String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(template.length() + 16);
        sb.append(literals[0]);
        for (int k = 0; k < names.length; k++) {
            String value = values.get(names[k]);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("Template '" + template + "' needs a non-empty value for {" + names[k] + "}");
            }
            sb.append(value).append(literals[k + 1]);
        }
        return sb.toString();
    }

    /** The template as written. */
    @Override
    public String toString() {
        return template;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TenantTemplate && template.equals(((TenantTemplate) o).template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }
}
