package dev.eventstream.connect.avro;

import static dev.eventstream.connect.avro.AvroConnectSchemas.AVRO_TYPE_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.DECIMAL_PRECISION_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.ENUM_SYMBOLS_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.FIXED_SIZE_PARAMETER;
import static dev.eventstream.connect.avro.AvroConnectSchemas.UNION_SCHEMA_NAME;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Compiles an Avro schema, once, into the Connect schema that stands for it and a {@link ValueReader} that
 * decodes Avro binary straight into Connect values (no intermediate {@code GenericRecord}). The mapping is
 * documented in the module README; in short: records → Struct, {@code [null, X]} → optional X, other unions → a
 * Struct named {@link AvroConnectSchemas#UNION_SCHEMA_NAME}, enum/uuid → STRING, fixed → BYTES, decimal →
 * Decimal, date → Date, time-* → Time, timestamp-* → Timestamp (sub-millisecond digits dropped),
 * local-timestamp-* → ISO-8601 local date-time STRING.
 *
 * <p>A reader follows the compiled (reader) schema and reads only through the {@link Decoder} API, so the same
 * reader serves bytes written with that schema (a plain decoder) and bytes written with another schema (a
 * {@link ResolvingDecoder} that applies Avro's schema resolution: defaults, promotions, enum and union
 * resolution, fields in writer order).
 */
final class AvroToConnect {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final DateTimeFormatter LOCAL_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter LOCAL_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter LOCAL_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS");
    /** Upper bound of the initial capacity of decoded arrays and maps, so a corrupt count cannot exhaust memory. */
    private static final int MAX_INITIAL_CAPACITY = 1024;

    /** Reads one Avro value of the compiled schema from a decoder and returns its Connect value. */
    @FunctionalInterface
    interface ValueReader {
        Object read(Decoder in) throws IOException;
    }

    /** A compiled mapping: the Connect schema and the value reader of one Avro schema. */
    record Mapping(org.apache.kafka.connect.data.Schema schema, ValueReader reader) {
    }

    private AvroToConnect() {
    }

    static Mapping compile(Schema avro) {
        return compile(avro, false, new HashSet<>());
    }

    private static Mapping compile(Schema avro, boolean optional, Set<String> recordsInProgress) {
        LogicalType logical = avro.getLogicalType();
        return switch (avro.getType()) {
            case NULL -> new Mapping(param(SchemaBuilder.string(), "null").optional().build(), AvroToConnect::readNull);
            case BOOLEAN -> new Mapping(finish(SchemaBuilder.bool(), optional), Decoder::readBoolean);
            case INT -> compileInt(logical, optional);
            case LONG -> compileLong(logical, optional);
            case FLOAT -> new Mapping(finish(SchemaBuilder.float32(), optional), Decoder::readFloat);
            case DOUBLE -> new Mapping(finish(SchemaBuilder.float64(), optional), Decoder::readDouble);
            case STRING -> new Mapping(finish(logical instanceof LogicalTypes.Uuid
                    ? param(SchemaBuilder.string(), "uuid") : SchemaBuilder.string(), optional), Decoder::readString);
            case BYTES -> logical instanceof LogicalTypes.Decimal decimal
                    ? decimal(decimal, null, optional)
                    : new Mapping(finish(SchemaBuilder.bytes(), optional), in -> bytes(in.readBytes(null)));
            case FIXED -> compileFixed(avro, logical, optional);
            case ENUM -> compileEnum(avro, optional);
            case ARRAY -> compileArray(avro, optional, recordsInProgress);
            case MAP -> compileMap(avro, optional, recordsInProgress);
            case RECORD -> compileRecord(avro, optional, recordsInProgress);
            case UNION -> compileUnion(avro, optional, recordsInProgress);
        };
    }

    private static Mapping compileInt(LogicalType logical, boolean optional) {
        if (logical instanceof LogicalTypes.Date) {
            return new Mapping(finish(Date.builder(), optional),
                    in -> new java.util.Date(in.readInt() * MILLIS_PER_DAY));
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return new Mapping(finish(Time.builder(), optional), in -> new java.util.Date(in.readInt()));
        }
        return new Mapping(finish(SchemaBuilder.int32(), optional), Decoder::readInt);
    }

    private static Mapping compileLong(LogicalType logical, boolean optional) {
        if (logical == null) {
            return new Mapping(finish(SchemaBuilder.int64(), optional), Decoder::readLong);
        }
        String name = logical.getName();
        return switch (name) {
            case "time-micros" -> new Mapping(finish(param(Time.builder(), name), optional),
                    in -> new java.util.Date(Math.floorDiv(in.readLong(), 1_000L)));
            case "timestamp-millis" -> new Mapping(finish(Timestamp.builder(), optional),
                    in -> new java.util.Date(in.readLong()));
            case "timestamp-micros" -> new Mapping(finish(param(Timestamp.builder(), name), optional),
                    in -> new java.util.Date(Math.floorDiv(in.readLong(), 1_000L)));
            case "timestamp-nanos" -> new Mapping(finish(param(Timestamp.builder(), name), optional),
                    in -> new java.util.Date(Math.floorDiv(in.readLong(), 1_000_000L)));
            case "local-timestamp-millis" -> localTimestamp(name, optional, LOCAL_MILLIS, 1_000L);
            case "local-timestamp-micros" -> localTimestamp(name, optional, LOCAL_MICROS, 1_000_000L);
            case "local-timestamp-nanos" -> localTimestamp(name, optional, LOCAL_NANOS, 1_000_000_000L);
            default -> new Mapping(finish(SchemaBuilder.int64(), optional), Decoder::readLong);
        };
    }

    private static Mapping localTimestamp(String name, boolean optional, DateTimeFormatter format, long perSecond) {
        long nanosPerUnit = 1_000_000_000L / perSecond;
        return new Mapping(finish(param(SchemaBuilder.string(), name), optional), in -> {
            long units = in.readLong();
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
        int size = avro.getFixedSize();
        return new Mapping(finish(builder, optional), in -> readFixed(in, size));
    }

    private static Mapping compileEnum(Schema avro, boolean optional) {
        SchemaBuilder builder = param(SchemaBuilder.string(), "enum")
                .name(avro.getFullName())
                .doc(avro.getDoc())
                .parameter(ENUM_SYMBOLS_PARAMETER, String.join(",", avro.getEnumSymbols()));
        String[] symbols = avro.getEnumSymbols().toArray(new String[0]);
        String name = avro.getFullName();
        return new Mapping(finish(builder, optional), in -> {
            int index = in.readEnum();
            if (index < 0 || index >= symbols.length) {
                throw new AvroRuntimeException("enum index " + index + " is out of range: " + name + " has "
                        + symbols.length + " symbol(s)");
            }
            return symbols[index];
        });
    }

    private static Mapping decimal(LogicalTypes.Decimal decimal, Schema fixed, boolean optional) {
        int scale = decimal.getScale();
        SchemaBuilder builder = Decimal.builder(scale)
                .parameter(DECIMAL_PRECISION_PARAMETER, Integer.toString(decimal.getPrecision()));
        if (fixed == null) {
            return new Mapping(finish(builder, optional),
                    in -> new BigDecimal(new BigInteger(bytes(in.readBytes(null))), scale));
        }
        builder.parameter(AVRO_TYPE_PARAMETER, "fixed")
                .parameter(FIXED_SIZE_PARAMETER, Integer.toString(fixed.getFixedSize()));
        int size = fixed.getFixedSize();
        return new Mapping(finish(builder, optional),
                in -> new BigDecimal(new BigInteger(readFixed(in, size)), scale));
    }

    private static Mapping compileArray(Schema avro, boolean optional, Set<String> recordsInProgress) {
        Mapping element = compile(avro.getElementType(), false, recordsInProgress);
        ValueReader elementReader = element.reader();
        return new Mapping(finish(SchemaBuilder.array(element.schema()), optional), in -> {
            long count = in.readArrayStart();
            List<Object> result = new ArrayList<>((int) Math.min(count, MAX_INITIAL_CAPACITY));
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    result.add(elementReader.read(in));
                }
                count = in.arrayNext();
            }
            return result;
        });
    }

    private static Mapping compileMap(Schema avro, boolean optional, Set<String> recordsInProgress) {
        Mapping valueMapping = compile(avro.getValueType(), false, recordsInProgress);
        ValueReader valueReader = valueMapping.reader();
        org.apache.kafka.connect.data.Schema keySchema = SchemaBuilder.string().build();
        return new Mapping(finish(SchemaBuilder.map(keySchema, valueMapping.schema()), optional), in -> {
            long count = in.readMapStart();
            // entries in wire order, so the JSON rendered from the map keeps it too
            Map<String, Object> result = new LinkedHashMap<>((int) Math.min(count, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    String key = in.readString();
                    result.put(key, valueReader.read(in));
                }
                count = in.mapNext();
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
        ValueReader[] readers = new ValueReader[avroFields.size()];
        for (Schema.Field field : avroFields) {
            Mapping mapping = compile(field.schema(), false, recordsInProgress);
            builder.field(field.name(), mapping.schema());
            readers[field.pos()] = mapping.reader();
        }
        recordsInProgress.remove(name);
        org.apache.kafka.connect.data.Schema schema = finish(builder, optional);
        Field[] fields = schema.fields().toArray(new Field[0]);
        return new Mapping(schema, in -> {
            Struct struct = new Struct(schema);
            if (in instanceof ResolvingDecoder resolving) {
                // the writer's field order, with the reader's defaults for fields the writer does not have
                for (Schema.Field field : resolving.readFieldOrder()) {
                    int pos = field.pos();
                    put(struct, fields[pos], readers[pos].read(in));
                }
            } else {
                for (int pos = 0; pos < readers.length; pos++) {
                    put(struct, fields[pos], readers[pos].read(in));
                }
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
        ValueReader[] readers = new ValueReader[branches.size()];
        Arrays.fill(readers, (ValueReader) AvroToConnect::readNull);
        if (nonNull.isEmpty()) {
            org.apache.kafka.connect.data.Schema nullSchema =
                    compile(Schema.create(Schema.Type.NULL), true, recordsInProgress).schema();
            return new Mapping(nullSchema, in -> readers[branch(in, readers.length)].read(in));
        }
        if (nonNull.size() == 1) {
            Mapping single = compile(branches.get(nonNull.get(0)), optional || nullable, recordsInProgress);
            readers[nonNull.get(0)] = single.reader();
            return new Mapping(single.schema(), in -> readers[branch(in, readers.length)].read(in));
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(UNION_SCHEMA_NAME);
        for (int index : nonNull) {
            Schema branch = branches.get(index);
            Mapping mapping = compile(branch, true, recordsInProgress);
            builder.field(AvroConnectSchemas.branchName(branch), mapping.schema());
            readers[index] = mapping.reader();
        }
        org.apache.kafka.connect.data.Schema schema = finish(builder, optional || nullable);
        Field[] fieldByBranch = new Field[branches.size()];
        for (int index : nonNull) {
            fieldByBranch[index] = schema.field(AvroConnectSchemas.branchName(branches.get(index)));
        }
        return new Mapping(schema, in -> {
            int index = branch(in, readers.length);
            Field field = fieldByBranch[index];
            if (field == null) {
                in.readNull();
                return null;
            }
            Struct struct = new Struct(schema);
            StructFiller.set(struct, field, readers[index].read(in));
            return struct;
        });
    }

    /** The index of the union branch that follows, checked against the number of branches. */
    private static int branch(Decoder in, int branches) throws IOException {
        int index = in.readIndex();
        if (index < 0 || index >= branches) {
            throw new AvroRuntimeException("union branch " + index + " is out of range: the union has " + branches
                    + " branch(es)");
        }
        return index;
    }

    /** Sets a field; a null is what a new Struct holds already. */
    private static void put(Struct struct, Field field, Object value) {
        if (value != null) {
            StructFiller.set(struct, field, value);
        }
    }

    private static Object readNull(Decoder in) throws IOException {
        in.readNull();
        return null;
    }

    private static byte[] readFixed(Decoder in, int size) throws IOException {
        byte[] bytes = new byte[size];
        in.readFixed(bytes, 0, size);
        return bytes;
    }

    private static SchemaBuilder param(SchemaBuilder builder, String avroType) {
        return builder.parameter(AVRO_TYPE_PARAMETER, avroType);
    }

    private static org.apache.kafka.connect.data.Schema finish(SchemaBuilder builder, boolean optional) {
        return optional ? builder.optional().build() : builder.build();
    }

    /** The bytes of a freshly read buffer: its array when the buffer is exactly that array, else a copy. */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
