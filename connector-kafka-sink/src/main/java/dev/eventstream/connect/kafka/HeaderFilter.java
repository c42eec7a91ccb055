package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which record headers are forwarded to the target ({@code headers.forward}): all, none, or the listed names, where a
 * name ending in {@code *} stands for every header starting with what precedes it. The default, {@value #DEFAULT},
 * forwards the suite's own headers only: upstream headers can carry PII (a caller's number) that the customer's
 * cluster must not receive unless someone asked for it. The {@code eventstream.source.*} coordinate headers are never
 * decided here: the connector always writes them.
 */
final class HeaderFilter {

    static final String ALL = "all";
    static final String NONE = "none";
    static final String DEFAULT = "eventstream.*";

    /** Validator of {@code headers.forward}: {@code all} or {@code none} alone, or non-empty header names/prefixes. */
    static final ConfigDef.Validator VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) value;
            parse(name, names);
        }

        @Override
        public String toString() {
            return "all, none, or a list of header names (name* for a prefix)";
        }
    };

    private static final Set<String> COORDINATES = Set.of(EventStreamHeaders.SOURCE_TOPIC,
            EventStreamHeaders.SOURCE_PARTITION, EventStreamHeaders.SOURCE_OFFSET);

    private final boolean all;
    private final Set<String> names;
    private final List<String> prefixes;

    private HeaderFilter(boolean all, Set<String> names, List<String> prefixes) {
        this.all = all;
        this.names = names;
        this.prefixes = prefixes;
    }

    /**
     * Parses the value of {@code key}.
     *
     * @throws ConfigException naming {@code key} when all/none is combined with names, or a name is blank
     */
    static HeaderFilter parse(String key, List<String> values) {
        if (values == null || values.isEmpty()) {
            throw new ConfigException(key, values, "must be all, none, or a list of header names");
        }
        if (values.size() == 1 && ALL.equals(values.get(0))) {
            return new HeaderFilter(true, Set.of(), List.of());
        }
        if (values.size() == 1 && NONE.equals(values.get(0))) {
            return new HeaderFilter(false, Set.of(), List.of());
        }
        Set<String> names = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String value : values) {
            if (value.isBlank() || "*".equals(value)) {
                throw new ConfigException(key, values, "header names must not be blank (write all to forward every header)");
            }
            if (ALL.equals(value) || NONE.equals(value)) {
                throw new ConfigException(key, values, "'" + value + "' must be the only entry, not combined with header names");
            }
            if (value.endsWith("*")) {
                prefixes.add(value.substring(0, value.length() - 1));
            } else {
                names.add(value);
            }
        }
        return new HeaderFilter(false, Set.copyOf(names), List.copyOf(prefixes));
    }

    /** Whether a header named {@code name} of the record is copied to the target record. */
    boolean forwards(String name) {
        if (COORDINATES.contains(name)) {
            return false;
        }
        if (all || names.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
