package dev.eventstream.connect.http;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A reusable, growable byte sink for one sender thread: bodies are rendered here, measured record by record,
 * and rolled back ({@link #truncate}) when a record would overflow the batch. Not thread-safe.
 *
 * <p>Sized by use, so an idle task holds almost nothing: no array until the first write, then 4 KiB doubling as
 * needed. Every {@value #WINDOW} batches ({@link #reset()}s), an array above {@value #SHRINK_ABOVE} bytes is cut
 * down to the power of two that held the window's largest batch, if that is at most half of it: a busy buffer
 * keeps its array (no reallocation in steady state), one unusually large batch is not kept for ever.
 */
final class BodyBuffer extends OutputStream {

    static final int INITIAL_CAPACITY = 4 * 1024;
    static final int SHRINK_ABOVE = 64 * 1024;
    static final int WINDOW = 64;
    private static final byte[] NONE = new byte[0];
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private byte[] bytes = NONE;
    private int size;
    private int windowPeak;
    private int windowUses;

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

    /** The length of the backing array (what this buffer holds on the heap). */
    int capacity() {
        return bytes.length;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return bytes;
    }

    /** Makes room for at least {@code n} more bytes past {@link #size()}, for a writer filling {@link #array()}. */
    void reserve(int n) {
        ensure(size + n);
    }

    /** Counts {@code n} bytes written directly into {@link #array()} past {@link #size()}. */
    void advance(int n) {
        if (n < 0 || size + n > bytes.length) {
            throw new IllegalArgumentException("cannot advance " + size + " bytes by " + n + " in " + bytes.length);
        }
        size += n;
    }

    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        windowPeak = Math.max(windowPeak, size);
        size = newSize;
    }

    /** Starts the next batch; at the end of a window, gives back what the window did not need. */
    void reset() {
        windowPeak = Math.max(windowPeak, size);
        size = 0;
        if (++windowUses == WINDOW) {
            if (bytes.length > SHRINK_ABOVE) {
                int needed = windowPeak == 0 ? 0 : roundUpToPowerOfTwo(Math.max(windowPeak, INITIAL_CAPACITY));
                if (needed <= bytes.length / 2) {
                    bytes = needed == 0 ? NONE : new byte[needed];
                }
            }
            windowUses = 0;
            windowPeak = 0;
        }
    }

    byte[] copy() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            long grown = Math.max(capacity, Math.max(INITIAL_CAPACITY, (long) bytes.length * 2));
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, MAX_CAPACITY));
        }
    }

    private static int roundUpToPowerOfTwo(int n) {
        int power = Integer.highestOneBit(n);
        return power == n || power >= MAX_CAPACITY / 2 ? Math.max(power, n) : power << 1;
    }
}
