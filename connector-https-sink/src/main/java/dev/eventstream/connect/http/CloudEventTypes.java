package dev.eventstream.connect.http;

import dev.eventstream.connect.common.FieldPath;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** The CloudEvents {@code type} of a record: a value field ({@code cloudevents.type.field}) or the default. */
final class CloudEventTypes {

    private final FieldPath path;
    private final String defaultType;

    private CloudEventTypes(FieldPath path, String defaultType) {
        this.path = path;
        this.defaultType = defaultType;
    }

    static CloudEventTypes forConfig(HttpsSinkConfig config) {
        String field = config.cloudEventsTypeField();
        return new CloudEventTypes(field.isEmpty() ? null : FieldPath.parse(field), config.cloudEventsTypeDefault());
    }

    String typeOf(SinkRecord record) {
        if (path == null || record.value() == null) {
            return defaultType;
        }
        Object value;
        try {
            value = path.get(record.value());
        } catch (DataException e) {
            return defaultType;
        }
        if (value == null) {
            return defaultType;
        }
        String type = value.toString();
        return type.isEmpty() ? defaultType : type;
    }
}
