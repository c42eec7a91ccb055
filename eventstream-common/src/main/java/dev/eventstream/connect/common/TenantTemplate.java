package dev.eventstream.connect.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

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
 *   <li>{@code ${name}} is a placeholder, as in every other template of the suite ({@link PlaceholderTemplate});
 *       {@code $$} is a literal {@code $}.</li>
 *   <li>Alias: a template without {@code ${} is read in the earlier syntax {@code {name}} (names of letters,
 *       digits and underscores; {@code {{} and {@code }}} are literal braces), so existing configs keep working.</li>
 *   <li>A name appears once, and two placeholders must be separated by literal text ({@code {a}{b}} is ambiguous
 *       and rejected).</li>
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

    private final Template template;

    private TenantTemplate(Template template) {
        this.template = template;
    }

    /**
     * Parses a template: in the {@code ${name}} syntax when it contains {@code ${}, else in the {@code {name}} alias.
     *
     * @throws IllegalArgumentException naming the template and what is wrong where: empty template, empty or
     *                                  invalid placeholder name, duplicate name, adjacent placeholders, unbalanced brace
     */
    public static TenantTemplate parse(String template) {
        Template.Syntax syntax = template != null && template.contains("${") ? Template.Syntax.DOLLAR : Template.Syntax.BRACES;
        return new TenantTemplate(Template.parse(template, syntax).requireMatchable());
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
                    throw new ConfigException(name, value, SyntaxException.reasonOf(e));
                }
                for (String requiredName : required) {
                    if (!template.has(requiredName)) {
                        throw new ConfigException(name, value, "Template must contain the placeholder "
                                + template.template.placeholder(requiredName));
                    }
                }
            }

            @Override
            public String toString() {
                return "a template of ${placeholders} (or {placeholders}) and literal text"
                        + (required.isEmpty() ? "" : " containing ${" + String.join("}, ${", required) + "}");
            }
        };
    }

    /** The placeholder names, in template order. */
    public Set<String> names() {
        return template.names();
    }

    /** Whether the template has a placeholder {@code name}. */
    public boolean has(String name) {
        return template.has(name);
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
        return template.terminator(name);
    }

    /** The values of every placeholder, in template order, or empty when {@code input} does not match. */
    public Optional<Map<String, String>> match(String input) {
        return template.match(input);
    }

    /** Whether {@code input} matches. */
    public boolean matches(String input) {
        return template.matches(input);
    }

    /**
     * The value of placeholder {@code name} in {@code input}.
     *
     * @throws TemplateMismatchException when {@code input} does not match (callers add the record's coordinates)
     * @throws IllegalArgumentException  when the template has no placeholder {@code name}
     */
    public String extract(String input, String name) {
        return template.extract(input, name);
    }

    /**
     * The template with each placeholder replaced by its value, e.g. {@code {tenant_id}.chat-events} with
     * {@code tenant_id=acme} gives {@code acme.chat-events}. Values are inserted as they are; extra entries are ignored.
     *
     * @throws IllegalArgumentException when a placeholder has no value or an empty one
     */
    public String render(Map<String, String> values) {
        return template.render(values::get, false);
    }

    /** The template as written. */
    @Override
    public String toString() {
        return template.toString();
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
