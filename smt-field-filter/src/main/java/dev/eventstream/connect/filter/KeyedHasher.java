package dev.eventstream.connect.filter;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
 * <p>The MAC is HMAC as RFC 2104 defines it (and {@link Mac} computes it), with the key's two padded blocks hashed
 * once, here, instead of once per value: each value then costs two SHA-256 compressions (of its own block and of the
 * inner digest) instead of four, and two copies of a prepared digest. The prepared digests are only ever cloned, never
 * updated, so one instance can be shared between threads (Connect gives each task its own; tests and embedding code
 * may not).
 */
final class KeyedHasher {

    static final String ALGORITHM = "HmacSHA256";

    private static final String DIGEST = "SHA-256";
    private static final int BLOCK_BYTES = 64;
    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5c;
    private static final HexFormat HEX = HexFormat.of();

    /** SHA-256 after the key's inner and outer padded blocks. */
    private final MessageDigest inner;
    private final MessageDigest outer;

    KeyedHasher(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The HMAC key must not be empty");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        byte[] block = Arrays.copyOf(key.length > BLOCK_BYTES ? newDigest().digest(key) : key, BLOCK_BYTES);
        this.inner = prepared(block, INNER_PAD);
        this.outer = prepared(block, OUTER_PAD);
        Arrays.fill(block, (byte) 0);
        Arrays.fill(key, (byte) 0);
        mac(new byte[0]); // fail at configuration, not at the first record, if the digest cannot be copied
    }

    private static MessageDigest prepared(byte[] block, byte pad) {
        byte[] padded = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            padded[i] = (byte) (block[i] ^ pad);
        }
        MessageDigest digest = newDigest();
        digest.update(padded);
        Arrays.fill(padded, (byte) 0);
        return digest;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(DIGEST);
        } catch (NoSuchAlgorithmException e) {
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
        MessageDigest innerHash = copy(inner);
        innerHash.update(input);
        MessageDigest outerHash = copy(outer);
        outerHash.update(innerHash.digest());
        return outerHash.digest();
    }

    private static MessageDigest copy(MessageDigest prepared) {
        try {
            return (MessageDigest) prepared.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("This JVM's " + DIGEST + " cannot be copied", e);
        }
    }
}
