package dev.eventstream.connect.filter;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces a value by a masked value of the same type: strings by a fixed replacement (optionally followed by the
 * last N characters), numbers by zero in their own class (a {@link BigDecimal} keeps its scale, as Connect's
 * Decimal requires), booleans by false, bytes by empty bytes, dates by the epoch. Structs, maps and arrays are
 * masked element by element, keeping their schema and keys. Null stays null.
 *
 * <p>Immutable and thread-safe.
 */
final class ValueMasker {

    private static final byte[] NO_BYTES = new byte[0];

    private final String replacement;
    private final int keepLast;

    ValueMasker(String replacement, int keepLast) {
        this.replacement = Objects.requireNonNull(replacement, "replacement");
        if (keepLast < 0) {
            throw new IllegalArgumentException("keepLast must be >= 0, got " + keepLast);
        }
        this.keepLast = keepLast;
    }

    /**
     * The masked value.
     *
     * @throws DataException for a value of a class Connect data does not use (the message names the class)
     */
    Object mask(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return maskString((String) value);
        }
        if (value instanceof Integer) {
            return 0;
        }
        if (value instanceof Long) {
            return 0L;
        }
        if (value instanceof Boolean) {
            return Boolean.FALSE;
        }
        if (value instanceof Double) {
            return 0d;
        }
        if (value instanceof Float) {
            return 0f;
        }
        if (value instanceof Short) {
            return (short) 0;
        }
        if (value instanceof Byte) {
            return (byte) 0;
        }
        if (value instanceof BigDecimal) {
            return BigDecimal.ZERO.setScale(((BigDecimal) value).scale());
        }
        if (value instanceof BigInteger) {
            return BigInteger.ZERO;
        }
        if (value instanceof byte[]) {
            return NO_BYTES;
        }
        if (value instanceof ByteBuffer) {
            return ByteBuffer.wrap(NO_BYTES);
        }
        if (value instanceof Date) {
            return new Date(0L);
        }
        if (value instanceof Struct) {
            return maskStruct((Struct) value);
        }
        if (value instanceof Map) {
            Map<Object, Object> masked = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                masked.put(entry.getKey(), mask(entry.getValue()));
            }
            return masked;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            List<Object> masked = new ArrayList<>(list.size());
            for (Object element : list) {
                masked.add(mask(element));
            }
            return masked;
        }
        throw new DataException("Cannot mask a value of class " + value.getClass().getName());
    }

    String maskString(String value) {
        if (keepLast == 0) {
            return replacement;
        }
        int codePoints = value.codePointCount(0, value.length());
        if (codePoints <= keepLast) {
            return replacement;
        }
        int start = value.offsetByCodePoints(0, codePoints - keepLast);
        return replacement.concat(value.substring(start));
    }

    private Struct maskStruct(Struct struct) {
        Struct masked = new Struct(struct.schema());
        for (Field field : struct.schema().fields()) {
            Object value = struct.getWithoutDefault(field.name());
            if (value != null) {
                masked.put(field, mask(value));
            }
        }
        return masked;
    }
}
