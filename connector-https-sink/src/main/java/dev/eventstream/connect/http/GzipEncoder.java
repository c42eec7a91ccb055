package dev.eventstream.connect.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/**
 * gzip (RFC 1952) at a configurable level, reusing one {@link Deflater}, CRC and output buffer per sender
 * thread: a batch costs one output array of its compressed size. The deflater (~256 KiB of native zlib state) is
 * created at the first batch, and the output buffer is a {@link BodyBuffer} (sized by use), so a renderer that
 * never sends holds neither. Not thread-safe; {@link #close()} frees the native deflater.
 */
final class GzipEncoder implements AutoCloseable {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int MIN_SPARE = 512;

    private final int level;
    private final CRC32 crc = new CRC32();
    private final BodyBuffer out = new BodyBuffer();
    private Deflater deflater;

    GzipEncoder(int level) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 1-9, got " + level);
        }
        this.level = level;
    }

    /** gzip of {@code input[offset, offset+length)}, as a new array of exactly the compressed size. */
    byte[] encode(byte[] input, int offset, int length) {
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        deflater.reset();
        crc.reset();
        crc.update(input, offset, length);
        deflater.setInput(input, offset, length);
        deflater.finish();
        out.reset();
        out.write(HEADER, 0, HEADER.length);
        while (!deflater.finished()) {
            out.reserve(MIN_SPARE);
            out.advance(deflater.deflate(out.array(), out.size(), out.capacity() - out.size()));
        }
        writeIntLe((int) crc.getValue());
        writeIntLe(length);
        return out.copy();
    }

    /** Bytes held by the output buffer. */
    int capacity() {
        return out.capacity();
    }

    /** Whether the native deflater exists (it is created by the first {@link #encode}). */
    boolean hasDeflater() {
        return deflater != null;
    }

    /** The uncompressed content of a gzip body (used to re-sign a retried request). */
    static InputStream decode(byte[] gzip) throws IOException {
        return new GZIPInputStream(new ByteArrayInputStream(gzip), 64 * 1024);
    }

    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    private void writeIntLe(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
