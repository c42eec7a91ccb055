package dev.eventstream.connect.control.validate;

import dev.eventstream.connect.common.FieldPath;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Whether a field path ({@code UserData.CreditCard}, {@code parties.*.number}) exists in an Avro schema. */
final class AvroFieldPaths {

    private final Schema schema;

    AvroFieldPaths(Schema schema) {
        this.schema = schema;
    }

    boolean exists(String path) {
        FieldPath parsed;
        try {
            parsed = FieldPath.parse(path);
        } catch (RuntimeException e) {
            return false;
        }
        return exists(schema, parsed.segments(), 0);
    }

    List<String> topLevel() {
        List<String> names = new ArrayList<>();
        if (schema.getType() == Schema.Type.RECORD) {
            schema.getFields().forEach(f -> names.add(f.name()));
        }
        return names;
    }

    private static boolean exists(Schema schema, List<String> segments, int index) {
        if (index == segments.size()) {
            return true;
        }
        String segment = segments.get(index);
        switch (schema.getType()) {
            case UNION:
                return schema.getTypes().stream().anyMatch(branch -> exists(branch, segments, index));
            case RECORD:
                if (FieldPath.WILDCARD.equals(segment)) {
                    return schema.getFields().stream().anyMatch(f -> exists(f.schema(), segments, index + 1));
                }
                Schema.Field field = schema.getField(segment);
                return field != null && exists(field.schema(), segments, index + 1);
            case MAP:
                return exists(schema.getValueType(), segments, index + 1);
            case ARRAY:
                return FieldPath.WILDCARD.equals(segment) && exists(schema.getElementType(), segments, index + 1);
            default:
                return false;
        }
    }
}
