package dev.eventstream.connect.avro;

import static dev.eventstream.connect.avro.AvroConnectSchemas.AVRO_TYPE_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.DECIMAL_PRECISION_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.ENUM_SYMBOLS_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.FIXED_SIZE_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.UNION_SCHEMA_NAME;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The way back: derives an Avro schema from a Connect schema (the inverse of {@link AvroToConnect}, guided by
 * the {@link AvroConnectSchemas} parameters) and converts Connect values to Avro generic values for a given
 * Avro schema. Used by {@code fromConnectData}, which is not on the hot path.
 */
final class ConnectToAvro {

    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^A-Za-z0-9_.]");
    private static final int DEFAULT_DECIMAL_PRECISION = 38;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final GenericData GENERIC = new GenericData();

    private ConnectToAvro() {
    }

    /** Derives the Avro schema for a Connect schema. */
    static Schema avroSchema(org.apache.kafka.connect.data.Schema connect) {
        Schema schema = nonOptional(connect, new int[] {0});
        return connect.isOptional() ? nullable(schema) : schema;
    }

    private static Schema nullable(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = new ArrayList<>();
            branches.add(Schema.create(Schema.Type.NULL));
            branches.addAll(schema.getTypes());
            return Schema.createUnion(branches);
        }
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    private static Schema field(org.apache.kafka.connect.data.Schema connect, int[] counter) {
        Schema schema = nonOptional(connect, counter);
        return connect.isOptional() ? nullable(schema) : schema;
    }

    private static Schema nonOptional(org.apache.kafka.connect.data.Schema connect, int[] counter) {
        String name = connect.name();
        String avroType = connect.parameters() == null ? null : connect.parameters().get(AVRO_TYPE_PARAMETER);
        if (Decimal.LOGICAL_NAME.equals(name)) {
            int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
            String precision = connect.parameters().get(DECIMAL_PRECISION_PARAMETER);
            LogicalType decimal = LogicalTypes.decimal(
                    precision == null ? Math.max(DEFAULT_DECIMAL_PRECISION, scale) : Integer.parseInt(precision), scale);
            Schema base = "fixed".equals(avroType)
                    ? Schema.createFixed("io.eventstream.avro.DecimalFixed" + (++counter[0]), null, null,
                    Integer.parseInt(connect.parameters().get(FIXED_SIZE_PARAMETER)))
                    : Schema.create(Schema.Type.BYTES);
            return decimal.addToSchema(base);
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return "time-micros".equals(avroType)
                    ? LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG))
                    : LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            Schema base = Schema.create(Schema.Type.LONG);
            if ("timestamp-micros".equals(avroType)) {
                return LogicalTypes.timestampMicros().addToSchema(base);
            }
            if ("timestamp-nanos".equals(avroType)) {
                return LogicalTypes.timestampNanos().addToSchema(base);
            }
            return LogicalTypes.timestampMillis().addToSchema(base);
        }
        return switch (connect.type()) {
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case STRING -> stringSchema(connect, avroType, counter);
            case BYTES -> "fixed".equals(avroType)
                    ? Schema.createFixed(avroName(name, counter), connect.doc(), null,
                    Integer.parseInt(connect.parameters().get(FIXED_SIZE_PARAMETER)))
                    : Schema.create(Schema.Type.BYTES);
            case ARRAY -> Schema.createArray(field(connect.valueSchema(), counter));
            case MAP -> {
                if (connect.keySchema().type() != org.apache.kafka.connect.data.Schema.Type.STRING) {
                    throw new DataException("Avro maps have STRING keys; cannot write a map with "
                            + connect.keySchema().type() + " keys");
                }
                yield Schema.createMap(field(connect.valueSchema(), counter));
            }
            case STRUCT -> UNION_SCHEMA_NAME.equals(name) ? unionSchema(connect, counter) : recordSchema(connect, counter);
        };
    }

    private static Schema stringSchema(org.apache.kafka.connect.data.Schema connect, String avroType, int[] counter) {
        if (avroType == null) {
            return Schema.create(Schema.Type.STRING);
        }
        return switch (avroType) {
            case "enum" -> Schema.createEnum(avroName(connect.name(), counter), connect.doc(), null,
                    Arrays.asList(connect.parameters().get(ENUM_SYMBOLS_PARAMETER).split(",")));
            case "uuid" -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            case "local-timestamp-millis" ->
                    LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case "local-timestamp-micros" ->
                    LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case "local-timestamp-nanos" ->
                    LogicalTypes.localTimestampNanos().addToSchema(Schema.create(Schema.Type.LONG));
            case "null" -> Schema.create(Schema.Type.NULL);
            default -> Schema.create(Schema.Type.STRING);
        };
    }

    private static Schema unionSchema(org.apache.kafka.connect.data.Schema connect, int[] counter) {
        List<Schema> branches = new ArrayList<>();
        for (Field field : connect.fields()) {
            branches.add(nonOptional(field.schema(), counter));
        }
        return Schema.createUnion(branches);
    }

    private static Schema recordSchema(org.apache.kafka.connect.data.Schema connect, int[] counter) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Field field : connect.fields()) {
            Schema fieldSchema = field(field.schema(), counter);
            Object defaultValue = field.schema().isOptional() ? JsonProperties.NULL_VALUE : null;
            fields.add(new Schema.Field(field.name(), fieldSchema, field.schema().doc(), defaultValue));
        }
        return Schema.createRecord(avroName(connect.name(), counter), connect.doc(), null, false, fields);
    }

    private static String avroName(String connectName, int[] counter) {
        counter[0]++;
        if (connectName == null || connectName.isBlank()) {
            return "io.eventstream.avro.Record" + counter[0];
        }
        String name = INVALID_NAME_CHARS.matcher(connectName).replaceAll("_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    /** Converts a Connect value (described by {@code connect}) to the Avro generic value for {@code avro}. */
    static Object avroValue(Schema avro, org.apache.kafka.connect.data.Schema connect, Object value) {
        if (avro.getType() == Schema.Type.UNION) {
            return unionValue(avro, connect, value);
        }
        if (value == null) {
            if (avro.getType() == Schema.Type.NULL) {
                return null;
            }
            throw new DataException("null value for the non-nullable Avro type " + avro);
        }
        LogicalType logical = avro.getLogicalType();
        return switch (avro.getType()) {
            case NULL -> null;
            case BOOLEAN -> (Boolean) value;
            case INT -> intValue(logical, value);
            case LONG -> longValue(logical, value);
            case FLOAT -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case STRING -> value.toString();
            case BYTES -> logical instanceof LogicalTypes.Decimal d
                    ? ByteBuffer.wrap(unscaled(d, (BigDecimal) value)) : ByteBuffer.wrap(bytes(value));
            case FIXED -> new GenericData.Fixed(avro, fixedBytes(avro, logical, value));
            case ENUM -> {
                String symbol = value.toString();
                if (!avro.hasEnumSymbol(symbol)) {
                    throw new DataException("'" + symbol + "' is not a symbol of Avro enum " + avro.getFullName());
                }
                yield new GenericData.EnumSymbol(avro, symbol);
            }
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                List<Object> result = new ArrayList<>(items.size());
                org.apache.kafka.connect.data.Schema element = connect == null ? null : connect.valueSchema();
                for (Object item : items) {
                    result.add(avroValue(avro.getElementType(), element, item));
                }
                yield result;
            }
            case MAP -> {
                Map<?, ?> entries = (Map<?, ?>) value;
                Map<String, Object> result = new LinkedHashMap<>();
                org.apache.kafka.connect.data.Schema valueSchema = connect == null ? null : connect.valueSchema();
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    result.put(String.valueOf(entry.getKey()), avroValue(avro.getValueType(), valueSchema, entry.getValue()));
                }
                yield result;
            }
            case RECORD -> recordValue(avro, (Struct) value);
            case UNION -> throw new IllegalStateException("unions are handled above");
        };
    }

    private static GenericData.Record recordValue(Schema avro, Struct struct) {
        GenericData.Record record = new GenericData.Record(avro);
        for (Schema.Field avroField : avro.getFields()) {
            Field connectField = struct.schema().field(avroField.name());
            if (connectField == null) {
                if (!avroField.hasDefaultValue()) {
                    throw new DataException("Connect struct " + struct.schema().name() + " has no field '"
                            + avroField.name() + "', which Avro record " + avro.getFullName() + " requires");
                }
                record.put(avroField.pos(), GENERIC.deepCopy(avroField.schema(), GENERIC.getDefaultValue(avroField)));
            } else {
                record.put(avroField.pos(), avroValue(avroField.schema(), connectField.schema(),
                        struct.get(connectField)));
            }
        }
        return record;
    }

    private static Object unionValue(Schema avro, org.apache.kafka.connect.data.Schema connect, Object value) {
        if (value == null) {
            if (avro.getIndexNamed(Schema.Type.NULL.getName()) == null) {
                throw new DataException("null value for the non-nullable Avro union " + avro);
            }
            return null;
        }
        if (connect != null && UNION_SCHEMA_NAME.equals(connect.name()) && value instanceof Struct struct) {
            for (Field field : connect.fields()) {
                Object branchValue = struct.get(field);
                if (branchValue != null) {
                    Integer index = avro.getIndexNamed(field.name());
                    if (index == null) {
                        throw new DataException("Avro union " + avro + " has no branch '" + field.name() + "'");
                    }
                    return avroValue(avro.getTypes().get(index), field.schema(), branchValue);
                }
            }
            throw new DataException("union struct has no branch set");
        }
        for (Schema branch : avro.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return avroValue(branch, connect, value);
            }
        }
        throw new DataException("non-null value for the null-only Avro union " + avro);
    }

    private static Object intValue(LogicalType logical, Object value) {
        if (logical instanceof LogicalTypes.Date) {
            return (int) Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY);
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return (int) ((java.util.Date) value).getTime();
        }
        return ((Number) value).intValue();
    }

    private static Object longValue(LogicalType logical, Object value) {
        if (logical == null) {
            return ((Number) value).longValue();
        }
        return switch (logical.getName()) {
            case "time-millis", "timestamp-millis" -> millis(value);
            case "time-micros", "timestamp-micros" -> Math.multiplyExact(millis(value), 1_000L);
            case "timestamp-nanos" -> Math.multiplyExact(millis(value), 1_000_000L);
            case "local-timestamp-millis" -> localUnits(value, 1_000L);
            case "local-timestamp-micros" -> localUnits(value, 1_000_000L);
            case "local-timestamp-nanos" -> localUnits(value, 1_000_000_000L);
            default -> ((Number) value).longValue();
        };
    }

    private static long millis(Object value) {
        return value instanceof java.util.Date date ? date.getTime() : ((Number) value).longValue();
    }

    private static long localUnits(Object value, long perSecond) {
        if (value instanceof java.util.Date date) {
            return Math.multiplyExact(date.getTime(), perSecond / 1_000L);
        }
        try {
            LocalDateTime time = LocalDateTime.parse(value.toString());
            long seconds = time.toEpochSecond(ZoneOffset.UTC);
            return Math.addExact(Math.multiplyExact(seconds, perSecond),
                    time.getNano() / (1_000_000_000L / perSecond));
        } catch (DateTimeParseException e) {
            throw new DataException("'" + value + "' is not an ISO-8601 local date-time", e);
        }
    }

    private static byte[] fixedBytes(Schema avro, LogicalType logical, Object value) {
        byte[] bytes = logical instanceof LogicalTypes.Decimal d ? unscaled(d, (BigDecimal) value) : bytes(value);
        int size = avro.getFixedSize();
        if (bytes.length == size) {
            return bytes;
        }
        if (bytes.length > size || !(logical instanceof LogicalTypes.Decimal)) {
            throw new DataException(bytes.length + " bytes do not fit Avro fixed " + avro.getFullName()
                    + " of size " + size);
        }
        byte[] padded = new byte[size];
        byte fill = bytes.length > 0 && bytes[0] < 0 ? (byte) 0xFF : 0;
        Arrays.fill(padded, 0, size - bytes.length, fill);
        System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
        return padded;
    }

    private static byte[] unscaled(LogicalTypes.Decimal decimal, BigDecimal value) {
        try {
            BigInteger unscaled = value.setScale(decimal.getScale(), RoundingMode.UNNECESSARY).unscaledValue();
            return unscaled.toByteArray();
        } catch (ArithmeticException e) {
            throw new DataException(value + " does not fit scale " + decimal.getScale() + " without rounding", e);
        }
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            return copy;
        }
        return (byte[]) value;
    }
}
