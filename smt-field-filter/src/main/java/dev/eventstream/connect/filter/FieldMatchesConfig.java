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
            throw new ConfigException(VALUES, "", "At least one of " + VALUES + " or " + PATTERNS
                    + " must be set; with neither, no record could match");
        }
        for (String pattern : patterns()) {
            if (pattern.isEmpty()) {
                throw new ConfigException(PATTERNS, getList(PATTERNS), "A pattern must not be empty");
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
                .define(VALUES, Type.LIST, "", Importance.HIGH,
                        "Values that match exactly (case-sensitive), e.g. EventEstablished,EventReleased. "
                                + "Numbers and booleans are compared by their text (42, true).",
                        GROUP_MATCH, ++order, Width.LONG, "Exact values")
                .define(PATTERNS, Type.LIST, "", Importance.HIGH,
                        "Glob patterns, case-sensitive: * matches any run of characters (also none), ? exactly "
                                + "one; a backslash makes the next character literal. E.g. EventAgent* matches "
                                + "EventAgentReady and EventAgentNotReady. Patterns are compiled once, at "
                                + "configuration.",
                        GROUP_MATCH, ++order, Width.LONG, "Glob patterns");
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
