package dev.eventstream.connect.json;

/**
 * Strict UTF-8 (Unicode table 3-7): the length of the well-formed sequence at a position. Jackson's parser rejects
 * bad start and continuation bytes but decodes overlong forms ({@code C0 80} as U+0000), encoded surrogates
 * ({@code ED A0 80}) and sequences beyond U+10FFFF without complaint; this does not.
 */
public final class Utf8Sequences {

    private Utf8Sequences() {
    }

    /**
     * The length of the well-formed sequence whose lead byte is at {@code bytes[i]} (a byte from 0x80 up: ASCII is
     * the caller's fast path), ending before {@code end}; -1 when it is ill-formed or truncated.
     */
    public static int length(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xFF;
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
