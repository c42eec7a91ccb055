package dev.eventstream.connect.http;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A reusable, growable byte sink for one sender thread: bodies are rendered here, measured record by record,
 * and rolled back ({@link #truncate}) when a record would overflow the batch. Not thread-safe.
 */
final class BodyBuffer extends OutputStream {

    private byte[] bytes;
    private int size;

    BodyBuffer(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensure(size + 1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(size + len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return bytes;
    }

    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    void reset() {
        size = 0;
    }

    byte[] copy() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            int grown = Math.max(capacity, bytes.length * 2);
            if (grown < 0) {
                grown = Integer.MAX_VALUE - 16;
            }
            bytes = Arrays.copyOf(bytes, grown);
        }
    }
}
