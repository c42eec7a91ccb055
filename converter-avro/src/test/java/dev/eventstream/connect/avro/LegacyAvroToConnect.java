package dev.eventstream.connect.avro;

import static dev.eventstream.connect.avro.AvroConnectSchemas.AVRO_TYPE_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.DECIMAL_PRECISION_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.ENUM_SYMBOLS_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.FIXED_SIZE_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.UNION_SCHEMA_NAME;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The test oracle: the converter's former mapping, kept verbatim, that turned values decoded by Avro's
 * {@code GenericDatumReader} into Connect data. {@link GenericDatumReaderOracle} decodes with it the way the
 * converter did before it decoded straight into Connect data, so that tests can hold the new decoder to exactly
 * the Connect schemas and values the old path gave. Not production code: do not fix or improve it.
 */
final class LegacyAvroToConnect {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final GenericData GENERIC = new GenericData();
    private static final DateTimeFormatter LOCAL_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter LOCAL_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter LOCAL_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");

    /** Converts one decoded Avro value to its Connect value. */
    @FunctionalInterface
    interface ValueMapper {
        Object map(Object avroValue);
    }

    /** A compiled mapping: the Connect schema and the value mapper of one Avro schema. */
    record Mapping(org.apache.kafka.connect.data.Schema schema, ValueMapper mapper) {
    }

    private LegacyAvroToConnect() {
    }

    static Mapping compile(Schema avro) {
        return compile(avro, false, new HashSet<>());
    }

    private static Mapping compile(Schema avro, boolean optional, Set<String> recordsInProgress) {
        LogicalType logical = avro.getLogicalType();
        return switch (avro.getType()) {
            case NULL -> new Mapping(param(SchemaBuilder.string(), "null").optional().build(), value -> null);
            case BOOLEAN -> primitive(SchemaBuilder.bool(), optional);
            case INT -> compileInt(logical, optional);
            case LONG -> compileLong(logical, optional);
            case FLOAT -> primitive(SchemaBuilder.float32(), optional);
            case DOUBLE -> primitive(SchemaBuilder.float64(), optional);
            case STRING -> new Mapping(finish(logical instanceof LogicalTypes.Uuid
                    ? param(SchemaBuilder.string(), "uuid") : SchemaBuilder.string(), optional), Object::toString);
            case BYTES -> logical instanceof LogicalTypes.Decimal decimal
                    ? decimal(decimal, null, optional)
                    : new Mapping(finish(SchemaBuilder.bytes(), optional), LegacyAvroToConnect::bytes);
            case FIXED -> compileFixed(avro, logical, optional);
            case ENUM -> new Mapping(finish(param(SchemaBuilder.string(), "enum")
                    .name(avro.getFullName())
                    .doc(avro.getDoc())
                    .parameter(ENUM_SYMBOLS_PARAMETER, String.join(",", avro.getEnumSymbols())), optional),
                    Object::toString);
            case ARRAY -> compileArray(avro, optional, recordsInProgress);
            case MAP -> compileMap(avro, optional, recordsInProgress);
            case RECORD -> compileRecord(avro, optional, recordsInProgress);
            case UNION -> compileUnion(avro, optional, recordsInProgress);
        };
    }

    private static Mapping compileInt(LogicalType logical, boolean optional) {
        if (logical instanceof LogicalTypes.Date) {
            return new Mapping(finish(Date.builder(), optional),
                    value -> new java.util.Date(((Integer) value) * MILLIS_PER_DAY));
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return new Mapping(finish(Time.builder(), optional), value -> new java.util.Date((Integer) value));
        }
        return primitive(SchemaBuilder.int32(), optional);
    }

    private static Mapping compileLong(LogicalType logical, boolean optional) {
        if (logical == null) {
            return primitive(SchemaBuilder.int64(), optional);
        }
        String name = logical.getName();
        return switch (name) {
            case "time-micros" -> new Mapping(finish(param(Time.builder(), name), optional),
                    value -> new java.util.Date(Math.floorDiv((Long) value, 1_000L)));
            case "timestamp-millis" -> new Mapping(finish(Timestamp.builder(), optional),
                    value -> new java.util.Date((Long) value));
            case "timestamp-micros" -> new Mapping(finish(param(Timestamp.builder(), name), optional),
                    value -> new java.util.Date(Math.floorDiv((Long) value, 1_000L)));
            case "timestamp-nanos" -> new Mapping(finish(param(Timestamp.builder(), name), optional),
                    value -> new java.util.Date(Math.floorDiv((Long) value, 1_000_000L)));
            case "local-timestamp-millis" -> localTimestamp(name, optional, LOCAL_MILLIS, 1_000L);
            case "local-timestamp-micros" -> localTimestamp(name, optional, LOCAL_MICROS, 1_000_000L);
            case "local-timestamp-nanos" -> localTimestamp(name, optional, LOCAL_NANOS, 1_000_000_000L);
            default -> primitive(SchemaBuilder.int64(), optional);
        };
    }

    private static Mapping localTimestamp(String name, boolean optional, DateTimeFormatter format, long perSecond) {
        long nanosPerUnit = 1_000_000_000L / perSecond;
        return new Mapping(finish(param(SchemaBuilder.string(), name), optional), value -> {
            long units = (Long) value;
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(units, perSecond),
                    Math.floorMod(units, perSecond) * nanosPerUnit);
            return format.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        });
    }

    private static Mapping compileFixed(Schema avro, LogicalType logical, boolean optional) {
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return decimal(decimal, avro, optional);
        }
        SchemaBuilder builder = param(SchemaBuilder.bytes(), "fixed")
                .name(avro.getFullName())
                .doc(avro.getDoc())
                .parameter(FIXED_SIZE_PARAMETER, Integer.toString(avro.getFixedSize()));
        return new Mapping(finish(builder, optional), value -> ((GenericFixed) value).bytes().clone());
    }

    private static Mapping decimal(LogicalTypes.Decimal decimal, Schema fixed, boolean optional) {
        int scale = decimal.getScale();
        SchemaBuilder builder = Decimal.builder(scale)
                .parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()));
        if (fixed != null) {
            builder.parameter(AVRO_TYPE_PARAMETER, "fixed")
                    .parameter(FIXED_SIZE_PARAMETER, Integer.toString(fixed.getFixedSize()));
        }
        return new Mapping(finish(builder, optional), value -> {
            byte[] unscaled = value instanceof GenericFixed f ? f.bytes() : bytes(value);
            return new BigDecimal(new BigInteger(unscaled), scale);
        });
    }

    private static Mapping compileArray(Schema avro, boolean optional, Set<String> recordsInProgress) {
        Mapping element = compile(avro.getElementType(), false, recordsInProgress);
        ValueMapper elementMapper = element.mapper();
        return new Mapping(finish(SchemaBuilder.array(element.schema()), optional), value -> {
            Collection<?> items = (Collection<?>) value;
            List<Object> result = new ArrayList<>(items.size());
            for (Object item : items) {
                result.add(elementMapper.map(item));
            }
            return result;
        });
    }

    private static Mapping compileMap(Schema avro, boolean optional, Set<String> recordsInProgress) {
        Mapping valueMapping = compile(avro.getValueType(), false, recordsInProgress);
        ValueMapper valueMapper = valueMapping.mapper();
        org.apache.kafka.connect.data.Schema keySchema = SchemaBuilder.string().build();
        return new Mapping(finish(SchemaBuilder.map(keySchema, valueMapping.schema()), optional), value -> {
            Map<?, ?> entries = (Map<?, ?>) value;
            Map<String, Object> result = new LinkedHashMap<>(Math.max(4, entries.size() * 4 / 3 + 1));
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                result.put(entry.getKey().toString(), valueMapper.map(entry.getValue()));
            }
            return result;
        });
    }

    private static Mapping compileRecord(Schema avro, boolean optional, Set<String> recordsInProgress) {
        String name = avro.getFullName();
        if (!recordsInProgress.add(name)) {
            throw new DataException("Avro record " + name + " is recursive; Connect schemas cannot be recursive");
        }
        List<Schema.Field> avroFields = avro.getFields();
        SchemaBuilder builder = SchemaBuilder.struct().name(name).doc(avro.getDoc());
        ValueMapper[] mappers = new ValueMapper[avroFields.size()];
        for (Schema.Field field : avroFields) {
            Mapping mapping = compile(field.schema(), false, recordsInProgress);
            builder.field(field.name(), mapping.schema());
            mappers[field.pos()] = mapping.mapper();
        }
        recordsInProgress.remove(name);
        org.apache.kafka.connect.data.Schema schema = finish(builder, optional);
        Field[] fields = schema.fields().toArray(new Field[0]);
        return new Mapping(schema, value -> {
            IndexedRecord record = (IndexedRecord) value;
            Struct struct = new Struct(schema);
            for (int i = 0; i < fields.length; i++) {
                Object fieldValue = record.get(i);
                struct.put(fields[i], fieldValue == null ? null : mappers[i].map(fieldValue));
            }
            return struct;
        });
    }

    private static Mapping compileUnion(Schema avro, boolean optional, Set<String> recordsInProgress) {
        List<Schema> branches = avro.getTypes();
        List<Integer> nonNull = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            if (branches.get(i).getType() != Schema.Type.NULL) {
                nonNull.add(i);
            }
        }
        boolean nullable = nonNull.size() < branches.size();
        if (nonNull.isEmpty()) {
            return compile(Schema.create(Schema.Type.NULL), true, recordsInProgress);
        }
        if (nonNull.size() == 1) {
            Mapping single = compile(branches.get(nonNull.get(0)), optional || nullable, recordsInProgress);
            ValueMapper mapper = single.mapper();
            return new Mapping(single.schema(), value -> value == null ? null : mapper.map(value));
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(UNION_SCHEMA_NAME);
        ValueMapper[] mappers = new ValueMapper[branches.size()];
        for (int index : nonNull) {
            Schema branch = branches.get(index);
            Mapping mapping = compile(branch, true, recordsInProgress);
            builder.field(AvroConnectSchemas.branchName(branch), mapping.schema());
            mappers[index] = mapping.mapper();
        }
        org.apache.kafka.connect.data.Schema schema = finish(builder, optional || nullable);
        Field[] fieldByBranch = new Field[branches.size()];
        for (int index : nonNull) {
            fieldByBranch[index] = schema.field(AvroConnectSchemas.branchName(branches.get(index)));
        }
        return new Mapping(schema, value -> {
            if (value == null) {
                return null;
            }
            int index = GENERIC.resolveUnion(avro, value);
            Struct struct = new Struct(schema);
            struct.put(fieldByBranch[index], mappers[index].map(value));
            return struct;
        });
    }

    private static Mapping primitive(SchemaBuilder builder, boolean optional) {
        return new Mapping(finish(builder, optional), value -> value);
    }

    private static SchemaBuilder param(SchemaBuilder builder, String avroType) {
        return builder.parameter(AVRO_TYPE_PARAMETER, avroType);
    }

    private static org.apache.kafka.connect.data.Schema finish(SchemaBuilder builder, boolean optional) {
        return optional ? builder.optional().build() : builder.build();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            return copy;
        }
        return ((byte[]) value).clone();
    }
}
