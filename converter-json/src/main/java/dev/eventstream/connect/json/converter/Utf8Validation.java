package dev.eventstream.connect.json.converter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 well-formedness (Unicode table 3-7). Jackson's parser rejects bad start and continuation bytes
 * but decodes overlong forms ({@code C0 80} as U+0000), encoded surrogates ({@code ED A0 80}) and sequences
 * beyond U+10FFFF without complaint, so that text a filter never saw could reach a customer. ASCII, which is
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
            int sequence = sequenceLength(bytes, i, end, b);
            if (sequence < 0) {
                return i;
            }
            i += sequence;
        }
        return -1;
    }

    /** The length of the well-formed sequence that starts with lead byte {@code b} at {@code i}, or -1. */
    private static int sequenceLength(byte[] bytes, int i, int end, int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            return continuation(bytes, i + 1, end, 0x80, 0xBF) ? 2 : -1;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            int low = b == 0xE0 ? 0xA0 : 0x80;    // E0 80..9F would be overlong
            int high = b == 0xED ? 0x9F : 0xBF;   // ED A0..BF would encode a surrogate
            return continuation(bytes, i + 1, end, low, high) && continuation(bytes, i + 2, end, 0x80, 0xBF) ? 3 : -1;
        }
        if (b >= 0xF0 && b <= 0xF4) {
            int low = b == 0xF0 ? 0x90 : 0x80;    // F0 80..8F would be overlong
            int high = b == 0xF4 ? 0x8F : 0xBF;   // F4 90.. would be beyond U+10FFFF
            return continuation(bytes, i + 1, end, low, high) && continuation(bytes, i + 2, end, 0x80, 0xBF)
                    && continuation(bytes, i + 3, end, 0x80, 0xBF) ? 4 : -1;
        }
        return -1; // a continuation byte without lead, C0/C1 (always overlong) or F5..FF (never valid)
    }

    private static boolean continuation(byte[] bytes, int i, int end, int low, int high) {
        if (i >= end) {
            return false;
        }
        int b = bytes[i] & 0xFF;
        return b >= low && b <= high;
    }
}
