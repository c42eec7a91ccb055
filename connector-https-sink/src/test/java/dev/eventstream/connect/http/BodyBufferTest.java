package dev.eventstream.connect.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyBufferTest {

    private static void fill(BodyBuffer buffer, int bytes) {
        buffer.reset();
        buffer.write(new byte[bytes], 0, bytes);
    }

    @Test
    void holdsNoArrayUntilWrittenThenStartsSmall() {
        BodyBuffer buffer = new BodyBuffer();
        assertThat(buffer.capacity()).isZero();
        buffer.write('x');
        assertThat(buffer.capacity()).isEqualTo(BodyBuffer.INITIAL_CAPACITY);
    }

    @Test
    void growsGeometricallyToWhatABatchNeeds() {
        BodyBuffer buffer = new BodyBuffer();
        for (int i = 0; i < 1_000_000; i++) {
            buffer.write(i);
        }
        assertThat(buffer.size()).isEqualTo(1_000_000);
        assertThat(buffer.capacity()).isEqualTo(1 << 20);
        assertThat(buffer.array()[999_999]).isEqualTo((byte) 999_999);
    }

    @Test
    void aBusyBufferKeepsItsArray() {
        BodyBuffer buffer = new BodyBuffer();
        fill(buffer, 600_000);
        byte[] array = buffer.array();
        for (int i = 0; i < 3 * BodyBuffer.WINDOW; i++) {
            fill(buffer, 300_000 + i * 1000);
        }
        assertThat(buffer.array()).isSameAs(array);
    }

    @Test
    void oneLargeBatchIsGivenBackAfterAWindowOfSmallOnes() {
        BodyBuffer buffer = new BodyBuffer();
        fill(buffer, 3_000_000);
        assertThat(buffer.capacity()).isGreaterThanOrEqualTo(3_000_000);
        for (int i = 0; i < 2 * BodyBuffer.WINDOW; i++) {
            fill(buffer, 10_000);
        }
        assertThat(buffer.capacity()).isEqualTo(16 * 1024);
    }

    @Test
    void aRolledBackRecordCountsTowardsTheWindowsPeak() {
        BodyBuffer buffer = new BodyBuffer();
        for (int i = 0; i < 2 * BodyBuffer.WINDOW; i++) {
            fill(buffer, 100_000);
            buffer.write(new byte[400_000], 0, 400_000);
            buffer.truncate(100_000);
        }
        assertThat(buffer.capacity()).isGreaterThanOrEqualTo(500_000);
    }

    @Test
    void smallArraysAreNotReallocated() {
        BodyBuffer buffer = new BodyBuffer();
        fill(buffer, 50_000);
        byte[] array = buffer.array();
        for (int i = 0; i < 2 * BodyBuffer.WINDOW; i++) {
            fill(buffer, 100);
        }
        assertThat(buffer.array()).isSameAs(array);
    }
}
