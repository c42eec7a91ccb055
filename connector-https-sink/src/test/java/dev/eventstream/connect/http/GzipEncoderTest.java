package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GzipEncoderTest {

    private static byte[] decode(byte[] gzip) throws IOException {
        try (InputStream in = GzipEncoder.decode(gzip)) {
            return in.readAllBytes();
        }
    }

    @Test
    void holdsNoDeflaterNorBufferUntilTheFirstBatch() throws IOException {
        try (GzipEncoder gzip = new GzipEncoder(6)) {
            assertThat(gzip.hasDeflater()).isFalse();
            assertThat(gzip.capacity()).isZero();
            byte[] body = "[{\"id\":\"e0\"}]".getBytes();
            assertThat(decode(gzip.encode(body, 0, body.length))).isEqualTo(body);
            assertThat(gzip.hasDeflater()).isTrue();
            assertThat(gzip.capacity()).isEqualTo(BodyBuffer.INITIAL_CAPACITY);
        }
    }

    @Test
    void incompressibleBodiesGrowTheOutputAndRoundTrip() throws IOException {
        byte[] body = new byte[1 << 20];
        new Random(17).nextBytes(body);
        try (GzipEncoder gzip = new GzipEncoder(1)) {
            byte[] encoded = gzip.encode(body, 0, body.length);
            assertThat(decode(encoded)).isEqualTo(body);
            assertThat(gzip.capacity()).isGreaterThanOrEqualTo(encoded.length);
            byte[] small = "{}".getBytes();
            assertThat(decode(gzip.encode(small, 0, small.length))).isEqualTo(small);
        }
    }

    @Test
    void closeFreesTheDeflater() {
        GzipEncoder gzip = new GzipEncoder(6);
        gzip.encode(new byte[10], 0, 10);
        gzip.close();
        assertThat(gzip.hasDeflater()).isFalse();
    }
}
