package dev.eventstream.connect.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Renders Connect data (schema + value, or schemaless Map/List/primitives) as JSON, streaming.
 * Thread-safe, stateless.
 *
 * <p>The value is written straight to a Jackson {@link JsonGenerator}: no intermediate tree and no
 * String per record. The mapping (see also the module README):
 * <ul>
 *   <li>{@code STRUCT} → object with the schema's fields in schema order; {@code MAP} → object;
 *       {@code ARRAY} → array. A struct field whose value is null renders its schema's default when it
 *       has one (as {@link Struct#get(Field)} does), otherwise {@code null}; a null in a required field
 *       without default is a {@link DataException}.</li>
 *   <li>Map keys that are not strings are rendered as their string form: numbers and booleans as
 *       {@code toString()} ({@link BigDecimal} in plain notation), bytes as base64, logical-type keys
 *       (Date/Time/Timestamp/Decimal) as their rendered text. Struct, Map and List keys, and null keys,
 *       are a {@link DataException}: JSON object keys are strings, and there is no faithful string form
 *       for them. (Kafka's JsonConverter writes such maps as arrays of pairs; a webhook payload wants objects.)</li>
 *   <li>{@code INT8..INT64} → integer numbers; {@code FLOAT32/FLOAT64} → numbers, except NaN and the
 *       infinities, which JSON cannot represent as numbers and are rendered as the strings
 *       {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.</li>
 *   <li>{@code BOOLEAN}, {@code STRING} → the JSON value; {@code BYTES} ({@code byte[]} or {@link ByteBuffer},
 *       whose position is not consumed) → standard base64 with padding (RFC 4648), as a string.</li>
 *   <li>Logical types: {@link Decimal} → an exact JSON number in plain notation (never through double);
 *       {@link Timestamp} → {@code 2026-11-22T10:15:30.123Z}; {@link Date} → {@code 2026-11-22};
 *       {@link Time} → {@code 10:15:30.123} (all UTC).</li>
 *   <li>An Avro union as Confluent's AvroData models it (a struct named {@value #AVRO_UNION_SCHEMA_NAME}
 *       with one non-null branch field) → the branch value, unwrapped.</li>
 *   <li>Schemaless values: {@code Map}, {@code Collection}, {@code String}, {@code Boolean}, {@code Character},
 *       {@code Byte/Short/Integer/Long}, {@code Float/Double}, {@link BigDecimal}, {@link BigInteger},
 *       {@code byte[]}, {@link ByteBuffer}, {@link java.util.Date} (→ ISO-8601 timestamp) and {@link Struct}
 *       (rendered with its own schema).</li>
 *   <li>A top-level null value → the JSON {@code null} token: whether a tombstone is delivered is the sink's decision.</li>
 * </ul>
 * A value of a Java type that neither its schema nor the schemaless mapping allows is a {@link DataException}
 * naming the type. Nothing is cached per schema: the walk is a switch on the schema type.
 */
public final class JsonRenderer {

    /** Schema name Confluent's AvroData gives to the struct that stands for an Avro union. */
    public static final String AVRO_UNION_SCHEMA_NAME = "io.confluent.connect.avro.Union";

    /** The default instance. */
    public static final JsonRenderer INSTANCE = new JsonRenderer();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // characters outside the BMP (emoji) as their 4 UTF-8 bytes, not as escaped surrogate pairs
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /** Jackson's own limit for plain BigDecimal output; beyond it a number would be absurdly long. */
    private static final int MAX_PLAIN_SCALE = 9999;

    private static final String NAN = "NaN";
    private static final String POSITIVE_INFINITY = "Infinity";
    private static final String NEGATIVE_INFINITY = "-Infinity";

    private JsonRenderer() {
    }

    /**
     * The shared Jackson factory: generators it creates neither close their target nor auto-complete
     * unfinished JSON on close, write BigDecimals in plain notation, and write characters outside the
     * Basic Multilingual Plane as raw UTF-8 rather than escaped surrogate pairs.
     */
    public static JsonFactory jsonFactory() {
        return FACTORY;
    }

    /**
     * Writes exactly one JSON value for {@code value} to {@code generator}.
     *
     * @param schema    the value's schema, or null for schemaless data
     * @param value     the value; null renders the JSON {@code null} token
     * @param generator where to write; neither flushed nor closed
     * @throws DataException when the value cannot be rendered (type not allowed, required field null, ...)
     * @throws IOException   when the generator fails to write
     */
    public void write(Schema schema, Object value, JsonGenerator generator) throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        writeValue(schema, value, generator);
    }

    /** Writes one JSON value (UTF-8) to {@code out} and flushes it; {@code out} is not closed. */
    public void write(Schema schema, Object value, OutputStream out) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(schema, value, generator);
        }
    }

    /** The UTF-8 JSON bytes of one value; for tests and tools. An {@link IOException} becomes a {@link DataException}. */
    public byte[] toBytes(Schema schema, Object value) {
        try (ByteArrayBuilder buffer = new ByteArrayBuilder(512)) {
            write(schema, value, buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new DataException("Failed to render value as JSON: " + e.getMessage(), e);
        }
    }

    private void writeValue(Schema schema, Object value, JsonGenerator g) throws IOException {
        if (schema == null) {
            writeSchemaless(value, g);
            return;
        }
        String logicalName = schema.name();
        if (logicalName != null && writeLogical(logicalName, schema, value, g)) {
            return;
        }
        switch (schema.type()) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                g.writeNumber(integral(schema, value).longValue());
                break;
            case FLOAT32:
                writeFloat(expect(schema, value, Float.class), g);
                break;
            case FLOAT64:
                writeDouble(expect(schema, value, Double.class), g);
                break;
            case BOOLEAN:
                g.writeBoolean(expect(schema, value, Boolean.class));
                break;
            case STRING:
                writeText(expect(schema, value, String.class), g);
                break;
            case BYTES:
                writeBytes(schema, value, g);
                break;
            case ARRAY:
                writeArray(schema.valueSchema(), expect(schema, value, Collection.class), g);
                break;
            case MAP:
                writeMap(schema.keySchema(), schema.valueSchema(), expect(schema, value, Map.class), g);
                break;
            case STRUCT:
                writeStruct(expect(schema, value, Struct.class), g);
                break;
            default:
                throw new DataException("Cannot render schema type " + schema.type() + " as JSON");
        }
    }

    /** Returns false when {@code name} is not a logical type this renderer knows (the physical type then applies). */
    private boolean writeLogical(String name, Schema schema, Object value, JsonGenerator g) throws IOException {
        switch (name) {
            case Decimal.LOGICAL_NAME:
                writeDecimal(decimalValue(schema, value), g);
                return true;
            case Timestamp.LOGICAL_NAME: {
                char[] buf = new char[IsoTimes.MAX_LENGTH];
                g.writeString(buf, 0, IsoTimes.timestamp(dateValue(schema, value), buf));
                return true;
            }
            case Date.LOGICAL_NAME: {
                char[] buf = new char[IsoTimes.MAX_LENGTH];
                g.writeString(buf, 0, IsoTimes.date(dateValue(schema, value), buf));
                return true;
            }
            case Time.LOGICAL_NAME: {
                char[] buf = new char[IsoTimes.MAX_LENGTH];
                g.writeString(buf, 0, IsoTimes.time(dateValue(schema, value), buf));
                return true;
            }
            default:
                return false;
        }
    }

    private void writeStruct(Struct struct, JsonGenerator g) throws IOException {
        Schema schema = struct.schema();
        if (AVRO_UNION_SCHEMA_NAME.equals(schema.name())) {
            writeUnion(struct, g);
            return;
        }
        g.writeStartObject();
        for (Field field : schema.fields()) {
            g.writeFieldName(field.name());
            Object fieldValue = struct.get(field); // the field schema's default when the value is null
            if (fieldValue == null) {
                if (!field.schema().isOptional()) {
                    throw new DataException("Cannot render null as JSON for required field '" + field.name()
                            + "' without default in struct " + describe(schema));
                }
                g.writeNull();
            } else {
                writeValue(field.schema(), fieldValue, g);
            }
        }
        g.writeEndObject();
    }

    private void writeUnion(Struct union, JsonGenerator g) throws IOException {
        for (Field branch : union.schema().fields()) {
            Object branchValue = union.get(branch);
            if (branchValue != null) {
                writeValue(branch.schema(), branchValue, g);
                return;
            }
        }
        g.writeNull();
    }

    private void writeArray(Schema elementSchema, Collection<?> elements, JsonGenerator g) throws IOException {
        g.writeStartArray();
        for (Object element : elements) {
            writeElement(elementSchema, element, g, "array element");
        }
        g.writeEndArray();
    }

    private void writeMap(Schema keySchema, Schema valueSchema, Map<?, ?> map, JsonGenerator g) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            writeMapKey(keyString(keySchema, entry.getKey()), g);
            writeElement(valueSchema, entry.getValue(), g, "map value");
        }
        g.writeEndObject();
    }

    /** Writes a schemaless map as an object; for a lazy object that can no longer copy its source. */
    void writeEntries(Map<?, ?> map, JsonGenerator g) throws IOException {
        writeMap(null, null, map, g);
    }

    /** Writes the entries of a schemaless map as members of the object being written. */
    void writeMembers(Map<String, ?> map, JsonGenerator g) throws IOException {
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            writeMapKey(entry.getKey(), g);
            writeElement(null, entry.getValue(), g, "map value");
        }
    }

    /**
     * Writes a string value. Surrogate combining (on, so that emoji leave as raw UTF-8) makes Jackson read an
     * unpaired surrogate together with the next character as one supplementary character: such text, which is
     * not valid Unicode but which JSON can carry, is written with the unpaired surrogates as escapes instead.
     */
    private static void writeText(String text, JsonGenerator g) throws IOException {
        if (unpairedSurrogate(text) < 0) {
            g.writeString(text);
            return;
        }
        StringBuilder json = new StringBuilder(text.length() + 16).append('"');
        int start = 0;
        for (int i = unpairedSurrogate(text); i >= 0; i = unpairedSurrogate(text, start)) {
            json.append(JsonStringEncoder.getInstance().quoteAsString(text.substring(start, i)));
            json.append(String.format("\\u%04x", (int) text.charAt(i)));
            start = i + 1;
        }
        json.append(JsonStringEncoder.getInstance().quoteAsString(text.substring(start))).append('"');
        g.writeRawValue(json.toString());
    }

    /** A map key with an unpaired surrogate would be corrupted the same way, and a name cannot be written raw. */
    private static void writeMapKey(String name, JsonGenerator g) throws IOException {
        int index = unpairedSurrogate(name);
        if (index >= 0) {
            throw new DataException("Cannot render a map key with an unpaired UTF-16 surrogate (U+"
                    + Integer.toHexString(name.charAt(index)).toUpperCase(Locale.ROOT) + " at index " + index
                    + "): it is not valid Unicode text");
        }
        g.writeFieldName(name);
    }

    private static int unpairedSurrogate(String text) {
        return unpairedSurrogate(text, 0);
    }

    /** The index of the first surrogate at or after {@code from} that is not half of a pair, or -1. */
    private static int unpairedSurrogate(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else {
                return i;
            }
        }
        return -1;
    }

    private void writeElement(Schema schema, Object value, JsonGenerator g, String what) throws IOException {
        Object effective = value;
        if (effective == null && schema != null) {
            effective = schema.defaultValue();
            if (effective == null && !schema.isOptional()) {
                throw new DataException("Cannot render null as JSON for a required " + what + " of schema " + describe(schema));
            }
        }
        if (effective == null) {
            g.writeNull();
        } else {
            writeValue(schema, effective, g);
        }
    }

    private void writeSchemaless(Object value, JsonGenerator g) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String) {
            writeText((String) value, g);
        } else if (value instanceof LazyJsonObject) {
            ((LazyJsonObject) value).write(g, this);
        } else if (value instanceof Map) {
            writeMap(null, null, (Map<?, ?>) value, g);
        } else if (value instanceof Collection) {
            writeArray(null, (Collection<?>) value, g);
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long) {
            g.writeNumber((Long) value);
        } else if (value instanceof Double) {
            writeDouble((Double) value, g);
        } else if (value instanceof Float) {
            writeFloat((Float) value, g);
        } else if (value instanceof BigDecimal) {
            writeDecimal((BigDecimal) value, g);
        } else if (value instanceof BigInteger) {
            g.writeNumber((BigInteger) value);
        } else if (value instanceof Struct) {
            writeStruct((Struct) value, g);
        } else if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            g.writeBinary(bytes, 0, bytes.length);
        } else if (value instanceof ByteBuffer) {
            writeByteBuffer((ByteBuffer) value, g);
        } else if (value instanceof java.util.Date) {
            char[] buf = new char[IsoTimes.MAX_LENGTH];
            g.writeString(buf, 0, IsoTimes.timestamp(((java.util.Date) value).getTime(), buf));
        } else if (value instanceof Character) {
            g.writeString(value.toString());
        } else {
            throw new DataException("Cannot render a value of type " + value.getClass().getName()
                    + " as JSON without a schema");
        }
    }

    private static void writeDecimal(BigDecimal decimal, JsonGenerator g) throws IOException {
        if (decimal.scale() > MAX_PLAIN_SCALE || decimal.scale() < -MAX_PLAIN_SCALE) {
            throw new DataException("Cannot render decimal with scale " + decimal.scale()
                    + " as a plain JSON number (limit " + MAX_PLAIN_SCALE + ")");
        }
        if (g.isEnabled(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)) {
            g.writeNumber(decimal);
        } else {
            // a generator not created by jsonFactory(): still never scientific notation
            g.writeNumber(decimal.toPlainString());
        }
    }

    private static void writeDouble(double d, JsonGenerator g) throws IOException {
        if (Double.isNaN(d)) {
            g.writeString(NAN);
        } else if (Double.isInfinite(d)) {
            g.writeString(d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY);
        } else {
            g.writeNumber(d);
        }
    }

    private static void writeFloat(float f, JsonGenerator g) throws IOException {
        if (Float.isNaN(f)) {
            g.writeString(NAN);
        } else if (Float.isInfinite(f)) {
            g.writeString(f > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY);
        } else {
            g.writeNumber(f);
        }
    }

    private static void writeBytes(Schema schema, Object value, JsonGenerator g) throws IOException {
        if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            g.writeBinary(bytes, 0, bytes.length);
        } else if (value instanceof ByteBuffer) {
            writeByteBuffer((ByteBuffer) value, g);
        } else {
            throw typeMismatch(schema, value, "byte[] or ByteBuffer");
        }
    }

    private static void writeByteBuffer(ByteBuffer buffer, JsonGenerator g) throws IOException {
        if (buffer.hasArray()) {
            g.writeBinary(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            g.writeBinary(copy, 0, copy.length);
        }
    }

    private String keyString(Schema keySchema, Object key) {
        if (key instanceof String) {
            return (String) key;
        }
        if (key == null) {
            throw new DataException("Cannot render a map with a null key as a JSON object");
        }
        if (keySchema != null && keySchema.name() != null) {
            switch (keySchema.name()) {
                case Decimal.LOGICAL_NAME:
                    return decimalValue(keySchema, key).toPlainString();
                case Timestamp.LOGICAL_NAME: {
                    char[] buf = new char[IsoTimes.MAX_LENGTH];
                    return new String(buf, 0, IsoTimes.timestamp(dateValue(keySchema, key), buf));
                }
                case Date.LOGICAL_NAME: {
                    char[] buf = new char[IsoTimes.MAX_LENGTH];
                    return new String(buf, 0, IsoTimes.date(dateValue(keySchema, key), buf));
                }
                case Time.LOGICAL_NAME: {
                    char[] buf = new char[IsoTimes.MAX_LENGTH];
                    return new String(buf, 0, IsoTimes.time(dateValue(keySchema, key), buf));
                }
                default:
                    break;
            }
        }
        if (key instanceof BigDecimal) {
            return ((BigDecimal) key).toPlainString();
        }
        if (key instanceof Number || key instanceof Boolean || key instanceof Character) {
            return key.toString();
        }
        if (key instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) key);
        }
        if (key instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) key).duplicate();
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            return Base64.getEncoder().encodeToString(copy);
        }
        if (key instanceof java.util.Date) {
            char[] buf = new char[IsoTimes.MAX_LENGTH];
            return new String(buf, 0, IsoTimes.timestamp(((java.util.Date) key).getTime(), buf));
        }
        throw new DataException("Cannot render a map key of type " + key.getClass().getName()
                + " as a JSON object key");
    }

    private static BigDecimal decimalValue(Schema schema, Object value) {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof byte[]) {
            return Decimal.toLogical(schema, (byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            return Decimal.toLogical(schema, copy);
        }
        throw typeMismatch(schema, value, "BigDecimal");
    }

    private static long dateValue(Schema schema, Object value) {
        if (value instanceof java.util.Date) {
            return ((java.util.Date) value).getTime();
        }
        throw typeMismatch(schema, value, "java.util.Date");
    }

    private static Number integral(Schema schema, Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return (Number) value;
        }
        throw typeMismatch(schema, value, "Byte, Short, Integer or Long");
    }

    private static <T> T expect(Schema schema, Object value, Class<T> type) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw typeMismatch(schema, value, type.getName());
    }

    private static DataException typeMismatch(Schema schema, Object value, String expected) {
        return new DataException("Cannot render a value of type " + value.getClass().getName() + " as JSON for schema "
                + describe(schema) + ": expected " + expected);
    }

    private static String describe(Schema schema) {
        return schema.name() == null ? schema.type().toString() : schema.type() + " '" + schema.name() + "'";
    }
}
