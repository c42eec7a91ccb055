package dev.eventstream.connect.json.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.json.JsonRenderer;
import dev.eventstream.connect.json.JsonScanner;
import dev.eventstream.connect.json.LazyJsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * The lazy path's scanner is at least as strict as the UTF-8 check and full parse it replaces: on documents damaged
 * at random, it accepts only what they accept, reads the same value, and renders what the full parse renders. (What
 * it refuses goes to the full parse, which then names the fault, or reads what only the scanner's limits refused.)
 */
class LazyScanParityTest {

    private static final String[] DOCUMENTS = {
        "{\"id\":\"EventEstablished\",\"seq\":42,\"Cost\":12.50,\"big\":123456789012345678901234567890,\"e\":1.5E-3,"
            + "\"ok\":true,\"no\":false,\"none\":null,\"UserData\":{\"Segment\":\"gold\",\"Score\":-7,\"z\":-0.0},"
            + "\"Parties\":[{\"role\":\"agent\"},[],{},1,\"x\"],\"Notes\":\"caf\u00e9 \\\"q\\\" \\u00e9 \\ud83d\\ude00 \\/\"}",
        "{ \"a\" : [ 1 , 2.0 , { \"b\" : \"c\" } ] ,\n \"d\" : { } , \"e\" : [ ] }",
        "{\"\":0,\"x\":{\"y\":{\"z\":[[[\"deep\"]]]}}}",
    };
    private static final byte[] NOISE = "{}[]\":,\\ \n-+.eE0123456789tfnrulasu\u00e9".getBytes(StandardCharsets.UTF_8);

    private final JsonValueReader reader = new JsonValueReader(8, 100_000, 40);
    private final JsonScanner scanner = new JsonScanner(8, 40);

    @Test
    void acceptsOnlyWhatTheFullParseAcceptsAndReadsTheSame() {
        int accepted = 0;
        int refused = 0;
        int invalidUtf8 = 0;
        for (int seed = 0; seed < 20_000; seed++) {
            Random random = new Random(seed);
            byte[] bytes = damage(DOCUMENTS[seed % DOCUMENTS.length].getBytes(StandardCharsets.UTF_8), random);
            int first = JsonValueReader.firstNonWhitespace(bytes);
            if (first >= bytes.length || bytes[first] != '{') {
                continue; // the converter reads other values fully
            }
            LazyJsonObject lazy = scanner.object(bytes, first);
            if (Utf8Validation.firstInvalid(bytes, 0, bytes.length) >= 0) {
                assertThat(lazy).as("seed %d: invalid UTF-8 %s", seed, text(bytes)).isNull();
                invalidUtf8++;
                continue;
            }
            Object full;
            try {
                full = reader.parse(bytes);
            } catch (DataException e) {
                assertThat(lazy).as("seed %d: the full parse refuses %s (%s)", seed, text(bytes), e.getMessage()).isNull();
                refused++;
                continue;
            }
            if (lazy != null) {
                accepted++;
                assertThat(lazy).as("seed %d: %s", seed, text(bytes)).isEqualTo(full);
                assertThat(JsonRenderer.INSTANCE.toBytes(null, lazy)).as("seed %d: %s", seed, text(bytes))
                        .isEqualTo(JsonRenderer.INSTANCE.toBytes(null, full));
            }
        }
        assertThat(accepted).as("documents both accept").isGreaterThan(1_000);
        assertThat(refused).as("documents both refuse").isGreaterThan(5_000);
        assertThat(invalidUtf8).as("documents of invalid UTF-8").isGreaterThan(200);
    }

    /** One to three random bytes replaced, inserted or deleted, mostly with JSON's own characters. */
    private static byte[] damage(byte[] bytes, Random random) {
        byte[] damaged = bytes;
        int edits = random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(damaged.length);
            byte noise = NOISE[random.nextInt(NOISE.length)];
            switch (random.nextInt(3)) {
                case 0:
                    damaged = damaged.clone();
                    damaged[at] = noise;
                    break;
                case 1:
                    byte[] longer = new byte[damaged.length + 1];
                    System.arraycopy(damaged, 0, longer, 0, at);
                    longer[at] = noise;
                    System.arraycopy(damaged, at, longer, at + 1, damaged.length - at);
                    damaged = longer;
                    break;
                default:
                    byte[] shorter = new byte[damaged.length - 1];
                    System.arraycopy(damaged, 0, shorter, 0, at);
                    System.arraycopy(damaged, at + 1, shorter, at, damaged.length - at - 1);
                    damaged = shorter;
                    break;
            }
        }
        return damaged;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
