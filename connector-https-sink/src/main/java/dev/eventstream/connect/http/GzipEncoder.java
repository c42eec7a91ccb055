package dev.eventstream.connect.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * gzip (RFC 1952) at a configurable level, reusing one {@link Deflater}, CRC and output buffer per sender
 * thread: a batch costs one output array of its compressed size. Not thread-safe; {@link #close()} frees the
 * native deflater.
 */
final class GzipEncoder implements AutoCloseable {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private byte[] out = new byte[64 * 1024];

    GzipEncoder(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 1-9, got " + level);
        }
        deflater = new Deflater(level, true);
    }

    /** gzip of {@code input[offset, offset+length)}, as a new array of exactly the compressed size. */
    byte[] encode(byte[] input, int offset, int length) {
        deflater.reset();
        crc.reset();
        crc.update(input, offset, length);
        deflater.setInput(input, offset, length);
        deflater.finish();
        int pos = HEADER.length;
        ensure(pos + 64);
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        while (!deflater.finished()) {
            if (pos == out.length) {
                ensure(out.length * 2);
            }
            pos += deflater.deflate(out, pos, out.length - pos);
        }
        ensure(pos + 8);
        writeIntLe((int) crc.getValue(), pos);
        writeIntLe(length, pos + 4);
        return Arrays.copyOf(out, pos + 8);
    }

    /** The uncompressed content of a gzip body (used to re-sign a retried request). */
    static InputStream decode(byte[] gzip) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gzip), 64 * 1024);
    }

    @Override
    public void close() {
        deflater.end();
    }

    private void writeIntLe(int v, int at) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
    }

    private void ensure(int capacity) {
        if (capacity > out.length) {
            out = Arrays.copyOf(out, Math.max(capacity, out.length * 2));
        }
    }
}
