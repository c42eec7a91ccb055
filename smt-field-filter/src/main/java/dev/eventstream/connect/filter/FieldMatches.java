package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.FieldPath;
import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.List;
import java.util.Map;

/**
 * True when a field of the record <em>value</em> equals one of {@code values} or matches one of the globs in
 * {@code patterns}: with Kafka's {@code Filter} (and {@code negate}), it selects event types ({@code field=id},
 * {@code patterns=EventAgent*}) or contents ({@code field=direction}, {@code values=inbound}).
 *
 * <p>The value may be a Struct or a schemaless map. A record whose value is null (a tombstone), or lacks the
 * field, or has null there, does not match. With a {@code *} in the path, the record matches when any selected
 * value does. The key is not read: route on the key with the tenant predicates, or copy the field into the value.
 * A path that reaches through a value that is not a struct, map or array, or a value that is neither a Struct nor
 * a map, is a {@link DataException} naming the record's topic, partition and offset, as with {@link FieldFilter}:
 * it means the predicate is configured for other data.
 */
public class FieldMatches<R extends ConnectRecord<R>> implements Predicate<R>, Versioned {

    public static final String OVERVIEW_DOC = "Matches records whose value has a field (a nested path) equal to "
            + "one of a list of values or matching one of a list of glob patterns.";

    private FieldPath field;
    private ValueMatcher matcher;

    @Override
    public void configure(Map<String, ?> props) {
        FieldMatchesConfig config = new FieldMatchesConfig(props);
        field = config.field();
        matcher = new ValueMatcher(config.exactValues(), config.patterns());
    }

    @Override
    public boolean test(R record) {
        Object value = record.value();
        if (value == null) {
            return false;
        }
        if (!(value instanceof Struct) && !(value instanceof Map)) {
            throw new DataException("FieldMatches reads field '" + field + "' of a Struct or map value, but the value "
                    + "is a " + value.getClass().getName() + " " + RecordCoordinates.describe(record));
        }
        try {
            if (!field.hasWildcard()) {
                return matcher.matches(field.get(value));
            }
            List<Object> matches = field.getAll(value);
            for (Object match : matches) {
                if (matcher.matches(match)) {
                    return true;
                }
            }
            return false;
        } catch (DataException e) {
            throw new DataException(e.getMessage() + " " + RecordCoordinates.describe(record), e);
        }
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public ConfigDef config() {
        return FieldMatchesConfig.configDef();
    }

    @Override
    public void close() {
        field = null;
        matcher = null;
    }

    @Override
    public String toString() {
        return "FieldMatches{field=" + field + "}";
    }
}
