package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

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

    private final Template template;

    private PlaceholderTemplate(Template template) {
        this.template = template;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template and the problem: empty template, unterminated
     *                                  {@code ${}, empty or invalid name
     */
    public static PlaceholderTemplate parse(String template) {
        return new PlaceholderTemplate(Template.parse(template, Template.Syntax.DOLLAR));
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
                    throw new ConfigException(name, value, SyntaxException.reasonOf(e));
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
        return template.names();
    }

    /** Whether the template has a placeholder {@code name}. */
    public boolean has(String name) {
        return template.has(name);
    }

    /** Whether the template has no placeholders. */
    public boolean isConstant() {
        return template.isConstant();
    }

    /**
     * The literal texts that separate each occurrence of {@code ${name}} from a neighbouring placeholder, in
     * template order: for {@code ${topic}.${tenant}} and {@code tenant}, {@code ["."]}. A value of {@code name}
     * containing one of them makes the rendered text ambiguous (topic {@code a} with tenant {@code b.c} and topic
     * {@code a.b} with tenant {@code c} both give {@code a.b.c}). An empty string means two placeholders touch.
     */
    public List<String> separatorsOf(String name) {
        return template.separatorsOf(name);
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
        return template.render(lookup, true);
    }

    /** The template as written. */
    @Override
    public String toString() {
        return template.toString();
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
