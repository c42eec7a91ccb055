package dev.eventstream.connect.filter;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedHasherTest {

    @Test
    void matchesTheRfc4231TestVector() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(new KeyedHasher("Jefe").hash("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** The prepared-digest HMAC against the JDK's own, over keys and values around SHA-256's 64-byte block. */
    @Test
    void equalsTheJdksHmacForKeysAndValuesOfEveryLengthAroundABlock() throws Exception {
        Random random = new Random(4231);
        for (int keyLength : new int[] {1, 4, 63, 64, 65, 100, 200}) {
            String key = randomText(random, keyLength);
            KeyedHasher hasher = new KeyedHasher(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (int valueLength = 0; valueLength <= 140; valueLength++) {
                byte[] value = new byte[valueLength];
                random.nextBytes(value);
                assertThat((byte[]) hasher.hash(value)).as("key of %d, value of %d bytes", keyLength, valueLength)
                        .isEqualTo(mac.doFinal(value));
            }
            String text = randomText(random, 30) + "\u00e9\u4e2d";
            assertThat(hasher.hash(text)).isEqualTo(HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    @Test
    void isStableAcrossInstancesAndDependsOnTheKey() {
        assertThat(new KeyedHasher("k1").hash("alice")).isEqualTo(new KeyedHasher("k1").hash("alice"));
        assertThat(new KeyedHasher("k1").hash("alice")).isNotEqualTo(new KeyedHasher("k2").hash("alice"));
        assertThat(new KeyedHasher("k1").hash("alice")).isNotEqualTo(new KeyedHasher("k1").hash("bob"));
    }

    @Test
    void integersKeepTheirTypeAndShareTheLeadingBytesOfTheirTextsHash() {
        KeyedHasher hasher = new KeyedHasher("k");
        byte[] mac = HexFormat.of().parseHex((String) hasher.hash("12345"));
        ByteBuffer buffer = ByteBuffer.wrap(mac);

        assertThat(hasher.hash(12345L)).isEqualTo(buffer.getLong(0));
        assertThat(hasher.hash(12345)).isEqualTo(buffer.getInt(0));
        assertThat(hasher.hash((short) 12345)).isEqualTo(buffer.getShort(0));
        assertThat(hasher.hash((byte) 45)).isInstanceOf(Byte.class);
        assertThat((byte[]) hasher.hash(new byte[] {1, 2, 3})).hasSize(32);
        assertThat(hasher.hash(ByteBuffer.wrap(new byte[] {1, 2, 3})))
                .isEqualTo(ByteBuffer.wrap((byte[]) hasher.hash(new byte[] {1, 2, 3})));
        assertThat(hasher.hash(null)).isNull();
    }

    @Test
    void typesThatCannotCarryAHashAreRefused() {
        KeyedHasher hasher = new KeyedHasher("k");
        assertThatThrownBy(() -> hasher.hash(true)).isInstanceOf(DataException.class).hasMessageContaining("Boolean");
        assertThatThrownBy(() -> hasher.hash(1.5d)).isInstanceOf(DataException.class).hasMessageContaining("mask");
        assertThat(KeyedHasher.canHash(Schema.STRING_SCHEMA)).isTrue();
        assertThat(KeyedHasher.canHash(Schema.INT64_SCHEMA)).isTrue();
        assertThat(KeyedHasher.canHash(Schema.BYTES_SCHEMA)).isTrue();
        assertThat(KeyedHasher.canHash(Schema.FLOAT64_SCHEMA)).isFalse();
        assertThat(KeyedHasher.canHash(Decimal.schema(2))).isFalse();
        assertThat(KeyedHasher.canHash(Timestamp.SCHEMA)).isFalse();
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThatThrownBy(() -> new KeyedHasher("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
        KeyedHasher hasher = new KeyedHasher("k");
        List<String> inputs = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            inputs.add("value-" + i);
            expected.add(new KeyedHasher("k").hash("value-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Object>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Object> out = new ArrayList<>();
                    inputs.forEach(input -> out.add(hasher.hash(input)));
                    return out;
                }));
            }
            for (Future<List<Object>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
