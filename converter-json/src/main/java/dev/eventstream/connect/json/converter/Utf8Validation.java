package dev.eventstream.connect.json.converter;

import dev.eventstream.connect.json.Utf8Sequences;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 well-formedness ({@link Utf8Sequences}) of a whole input, before Jackson's parser reads it: that
 * parser decodes overlong forms and encoded surrogates without complaint, so that text a filter never saw could
 * reach a customer. ASCII, which is
 * nearly all of a JSON event, is skipped eight bytes at a time.
 */
final class Utf8Validation {

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8Validation() {
    }

    /**
     * The offset of the first byte of the first ill-formed sequence in {@code bytes[offset, offset + length)},
     * or -1 when all of it is well-formed UTF-8.
     */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int sequence = Utf8Sequences.length(bytes, i, end);
            if (sequence < 0) {
                return i;
            }
            i += sequence;
        }
        return -1;
    }
}
