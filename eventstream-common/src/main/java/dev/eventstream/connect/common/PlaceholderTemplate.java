package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A substitution template with {@code ${name}} placeholders, for route and topic names such as
 * {@code ${topic}.${tenant}}.
 *
 * <ul>
 *   <li>A name is one or more letters, digits, {@code _}, {@code -} or {@code .}; it may appear more than once.</li>
 *   <li>{@code $$} is a literal {@code $}; a {@code $} not followed by {@code {} or {@code $} is literal too.</li>
 * </ul>
 * Names cannot contain {@code :}, so Connect's config-provider references ({@code ${file:path:key}}), which
 * the worker resolves before a plugin sees its config, never collide with these placeholders.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PlaceholderTemplate {

    private final String template;
    /** literals[k] precedes names[k]; literals[names.length] is the trailing text. */
    private final String[] literals;
    private final String[] names;
    private final Set<String> nameSet;

    private PlaceholderTemplate(String template, String[] literals, String[] names) {
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
     * @throws IllegalArgumentException naming the template and the problem: empty template, unterminated
     *                                  {@code ${}, empty or invalid name
     */
    public static PlaceholderTemplate parse(String template) {
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
            if (c != '$' || i + 1 == length) {
                literal.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                literal.append('$');
                i += 2;
            } else if (next == '{') {
                int j = i + 2;
                while (j < length && isNameChar(template.charAt(j))) {
                    j++;
                }
                if (j == length) {
                    throw invalid(template, "'${' at index " + i + " is never closed with '}'");
                }
                if (template.charAt(j) != '}') {
                    throw invalid(template, "invalid character '" + template.charAt(j) + "' at index " + j
                            + " in a placeholder name (names are letters, digits, '_', '-' and '.')");
                }
                if (j == i + 2) {
                    throw invalid(template, "empty placeholder name at index " + i);
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(template.substring(i + 2, j));
                i = j + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        return new PlaceholderTemplate(template, literals.toArray(new String[0]), names.toArray(new String[0]));
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.';
    }

    private static IllegalArgumentException invalid(String template, String problem) {
        return new IllegalArgumentException("Invalid template '" + template + "': " + problem);
    }

    /**
     * A validator for a STRING config holding a template whose placeholders are all among {@code allowedNames}
     * (any name when none are given); null (unset) is accepted.
     */
    public static ConfigDef.Validator validator(String... allowedNames) {
        List<String> allowed = List.of(allowedNames);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                PlaceholderTemplate template;
                try {
                    template = parse(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(name, value, e.getMessage());
                }
                if (!allowed.isEmpty()) {
                    for (String placeholder : template.names()) {
                        if (!allowed.contains(placeholder)) {
                            throw new ConfigException(name, value, "Unknown placeholder ${" + placeholder + "}; allowed: ${"
                                    + String.join("}, ${", allowed) + "}");
                        }
                    }
                }
            }

            @Override
            public String toString() {
                return "a template with ${name} placeholders"
                        + (allowed.isEmpty() ? "" : " among ${" + String.join("}, ${", allowed) + "}");
            }
        };
    }

    /** The distinct placeholder names, in order of first appearance. */
    public Set<String> names() {
        return nameSet;
    }

    /** Whether the template has a placeholder {@code name}. */
    public boolean has(String name) {
        return nameSet.contains(name);
    }

    /** Whether the template has no placeholders. */
    public boolean isConstant() {
        return names.length == 0;
    }

    /**
     * The literal texts that separate each occurrence of {@code ${name}} from a neighbouring placeholder, in
     * template order: for {@code ${topic}.${tenant}} and {@code tenant}, {@code ["."]}. A value of {@code name}
     * containing one of them makes the rendered text ambiguous (topic {@code a} with tenant {@code b.c} and topic
     * {@code a.b} with tenant {@code c} both give {@code a.b.c}). An empty string means two placeholders touch.
     */
    public List<String> separatorsOf(String name) {
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

    /**
     * The template with each placeholder replaced by {@code values.get(name)}.
     *
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public String render(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        return render(values::get);
    }

    /**
     * The template with each placeholder replaced by {@code lookup.apply(name)}.
     *
     * @throws IllegalArgumentException when the lookup returns null for a placeholder
     */
    public String render(Function<String, String> lookup) {
        StringBuilder sb = new StringBuilder(template.length() + 32);
        sb.append(literals[0]);
        for (int k = 0; k < names.length; k++) {
            String value = lookup.apply(names[k]);
            if (value == null) {
                throw new IllegalArgumentException("Template '" + template + "' has no value for ${" + names[k] + "}");
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
        return this == o || o instanceof PlaceholderTemplate && template.equals(((PlaceholderTemplate) o).template);
    }

    @Override
    public int hashCode() {
        return template.hashCode();
    }
}
