package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.FieldPath;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** Configuration of {@link FieldMatches}. */
public final class FieldMatchesConfig extends AbstractConfig {

    public static final String FIELD = "field";
    public static final String VALUES = "values";
    public static final String PATTERNS = "patterns";

    private static final String GROUP_MATCH = "Match";

    private static final ConfigDef CONFIG_DEF = buildConfigDef();

    private final FieldPath field;

    public FieldMatchesConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
        this.field = FieldPath.parse(getString(FIELD));
        if (exactValues().isEmpty() && patterns().isEmpty()) {
            throw new ConfigException(VALUES, "", "set it or " + PATTERNS + "; with neither, no record could match");
        }
        for (String pattern : patterns()) {
            if (pattern.isEmpty()) {
                throw new ConfigException(PATTERNS, getList(PATTERNS), "a pattern is empty: remove the extra comma");
            }
        }
    }

    /** The predicate's configuration definition (a copy). */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG_DEF);
    }

    private static ConfigDef buildConfigDef() {
        int order = 0;
        return new ConfigDef()
                .define(FIELD, Type.STRING, "id", FieldPath.validator(), Importance.HIGH,
                        "Path of the field of the record value that is compared, e.g. id (the event type of the "
                                + "voice topics), direction, or Call.status. Dots separate names, backticks quote a "
                                + "name containing dots, and * selects every element of an array or value of a map "
                                + "(the record matches when any of them does). A record without the field, or with "
                                + "null there, does not match.",
                        GROUP_MATCH, ++order, Width.MEDIUM, "Field")
                .define(VALUES, Type.LIST, "", new NoGlobWildcards(), Importance.HIGH,
                        "Values that match exactly (case-sensitive), e.g. EventEstablished,EventReleased. "
                                + "Numbers and booleans are compared by their text (42, true). A * or ? here is "
                                + "refused, since it would only match itself: globs go in patterns.",
                        GROUP_MATCH, ++order, Width.LONG, "Exact values")
                .define(PATTERNS, Type.LIST, "", Importance.HIGH,
                        "Glob patterns, case-sensitive: * matches any run of characters (also none), ? exactly "
                                + "one; a backslash makes the next character literal. E.g. EventAgent* matches "
                                + "EventAgentReady and EventAgentNotReady. Patterns are compiled once, at "
                                + "configuration.",
                        GROUP_MATCH, ++order, Width.LONG, "Glob patterns");
    }

    /**
     * Refuses {@code *} and {@code ?} in exact values: a user who writes {@code values=EventAgent*} means a glob, and
     * compared literally it would silently match no event. A literal star is still possible, in patterns ({@code \*}).
     */
    private static final class NoGlobWildcards implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (!(value instanceof List)) {
                return;
            }
            for (Object element : (List<?>) value) {
                String text = String.valueOf(element);
                int at = indexOfWildcard(text);
                if (at >= 0) {
                    throw new ConfigException(name, value, "'" + text + "' contains " + text.charAt(at) + ", but "
                            + name + " are compared exactly, so it would only match that very text; put globs in "
                            + PATTERNS + " (" + PATTERNS + "=" + text + "), where a literal * or ? is written \\* or \\?");
                }
            }
        }

        private static int indexOfWildcard(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '*' || c == '?') {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public String toString() {
            return "exact values, without the glob wildcards * and ? (those go in " + PATTERNS + ")";
        }
    }

    public FieldPath field() {
        return field;
    }

    public List<String> exactValues() {
        return getList(VALUES);
    }

    public List<String> patterns() {
        return getList(PATTERNS);
    }
}
