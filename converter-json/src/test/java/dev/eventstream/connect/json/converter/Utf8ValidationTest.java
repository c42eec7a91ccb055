package dev.eventstream.connect.json.converter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator agrees with the JDK's strict UTF-8 decoder on every input, and finds the same first bad byte. */
class Utf8ValidationTest {

    private static final CharsetDecoder STRICT = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(16);
        byte[] interesting = {(byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xDF,
            (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF,
            (byte) 0x9F, (byte) 0xA0, (byte) 0x8F, (byte) 0x90, 'a', '"'};
        int invalid = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[random.nextInt(24)];
            for (int i = 0; i < bytes.length; i++) {
                int kind = random.nextInt(4);
                bytes[i] = kind == 0 ? (byte) random.nextInt(128)
                        : kind == 1 ? (byte) random.nextInt(256)
                        : interesting[random.nextInt(interesting.length)];
            }
            int expected = jdkFirstInvalid(bytes);
            assertThat(Utf8Validation.firstInvalid(bytes, 0, bytes.length)).as("%s", hex(bytes)).isEqualTo(expected);
            invalid += expected >= 0 ? 1 : 0;
        }
        assertThat(invalid).as("both outcomes were exercised").isBetween(10_000, 190_000);
    }

    @Test
    void acceptsEveryCodePoint() {
        StringBuilder all = new StringBuilder();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                all.appendCodePoint(cp);
            }
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Validation.firstInvalid(bytes, 0, bytes.length)).isEqualTo(-1);
    }

    @Test
    void findsABadByteAfterALongAsciiRunAndRespectsTheRange() {
        byte[] bytes = ("{\"id\":\"EventEstablished\",\"x\":\"" + "a".repeat(37) + "?\"}").getBytes(StandardCharsets.US_ASCII);
        int bad = bytes.length - 3;
        bytes[bad] = (byte) 0xC0;
        assertThat(Utf8Validation.firstInvalid(bytes, 0, bytes.length)).isEqualTo(bad);
        assertThat(Utf8Validation.firstInvalid(bytes, 0, bad)).isEqualTo(-1);
        assertThat(Utf8Validation.firstInvalid(bytes, bad + 1, bytes.length - bad - 1)).isEqualTo(-1);
    }

    /** The offset of the first malformed sequence according to the JDK, or -1. */
    private static int jdkFirstInvalid(byte[] bytes) {
        try {
            STRICT.reset().decode(ByteBuffer.wrap(bytes));
            return -1;
        } catch (CharacterCodingException e) {
            // decode again up to the failure to find its offset
            ByteBuffer in = ByteBuffer.wrap(bytes);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length * 2 + 2);
            STRICT.reset().decode(in, out, true);
            return in.position();
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02X ", b & 0xFF));
        }
        return sb.toString();
    }
}
