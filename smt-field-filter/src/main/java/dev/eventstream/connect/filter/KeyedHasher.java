package dev.eventstream.connect.filter;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * HMAC-SHA256 pseudonymization that keeps a value's type, so that equal inputs give equal outputs across tasks,
 * restarts and connectors sharing the key (hashed ids still join):
 * <ul>
 *   <li>a string becomes the lowercase hex of the MAC of its UTF-8 bytes (64 characters);</li>
 *   <li>an integer ({@code Byte, Short, Integer, Long}) becomes the leading 1, 2, 4 or 8 bytes of the MAC of its
 *       decimal text, big-endian, in its own type: the MAC of {@code 12345} and of {@code "12345"} share
 *       their leading bytes, so an id stored as a number in one topic and as text in another still joins;</li>
 *   <li>bytes ({@code byte[]} or {@link ByteBuffer}) become the 32 MAC bytes, in the same class.</li>
 * </ul>
 * Other types cannot carry a keyed hash in their own type and are rejected with a {@link DataException}.
 *
 * <p>{@link Mac} is not thread-safe. Connect creates one transformation instance per task and calls it from the
 * task's thread only, but an instance may still be shared (tests, benchmarks, embedding code), so each thread gets
 * its own {@code Mac} for this key through a {@link ThreadLocal}; the key material stays in this instance.
 */
final class KeyedHasher {

    static final String ALGORITHM = "HmacSHA256";

    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    KeyedHasher(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The HMAC key must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail at configuration, not at the first record, if the JVM lacks the algorithm
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot compute " + ALGORITHM, e);
        }
    }

    /** The hash of a value (see the class comment); null stays null. */
    Object hash(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String) {
            return HEX.formatHex(mac(((String) value).getBytes(StandardCharsets.UTF_8)));
        }
        if (value instanceof Long) {
            return ByteBuffer.wrap(macOfDecimal((Long) value)).getLong();
        }
        if (value instanceof Integer) {
            return ByteBuffer.wrap(macOfDecimal((Integer) value)).getInt();
        }
        if (value instanceof Short) {
            return ByteBuffer.wrap(macOfDecimal((Short) value)).getShort();
        }
        if (value instanceof Byte) {
            return macOfDecimal((Byte) value)[0];
        }
        if (value instanceof byte[]) {
            return mac((byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return ByteBuffer.wrap(mac(bytes));
        }
        throw new DataException("Cannot hash a " + value.getClass().getSimpleName() + " in its own type: only "
                + "strings, integers and bytes can be hashed; mask this field instead");
    }

    /** Whether values of this schema can be hashed in their own type (no logical types but plain bytes). */
    static boolean canHash(Schema schema) {
        switch (schema.type()) {
            case STRING:
                return true;
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case BYTES:
                return schema.name() == null;
            default:
                return false;
        }
    }

    private byte[] macOfDecimal(long value) {
        return mac(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(byte[] input) {
        return macs.get().doFinal(input);
    }
}
