package dev.eventstream.connect.avro;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A {@link Decoder} over one record's bytes that refuses lengths and counts the remaining bytes cannot hold.
 * Avro's {@link BinaryDecoder} allocates the buffer for a string or bytes length prefix before reading it, and
 * Avro's fast reader sizes arrays from the block count, so a corrupt prefix could make them allocate gigabytes;
 * here such a record fails at once with an {@link EOFException}. Everything else is delegated.
 */
final class BoundedDecoder extends Decoder {

    private BinaryDecoder in;
    private boolean checkCounts;
    private byte[] scratch = new byte[64];

    /**
     * Points this decoder at {@code in}, an array-backed decoder over one record.
     *
     * @param checkCounts whether array block counts can be checked against the remaining bytes: true unless
     *                    the writer schema has arrays of a type that encodes in zero bytes (such as null)
     */
    BoundedDecoder reset(BinaryDecoder in, boolean checkCounts) {
        this.in = in;
        this.checkCounts = checkCounts;
        return this;
    }

    BinaryDecoder binaryDecoder() {
        return in;
    }

    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    private int length() throws IOException {
        long length = in.readLong();
        if (length < 0) {
            throw new AvroRuntimeException("malformed data: negative length " + length);
        }
        return (int) fitting(length, "length");
    }

    private long fitting(long count, String what) throws IOException {
        int remaining = in.inputStream().available();
        if (count > remaining) {
            throw new EOFException(what + " " + count + " exceeds the " + remaining + " byte(s) left");
        }
        return count;
    }

    private long items(long count) throws IOException {
        return checkCounts ? fitting(count, "item count") : count;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length();
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    /** A string decoded from the bytes through a reused buffer: one copy, and no {@link Utf8} in between. */
    @Override
    public String readString() throws IOException {
        int length = length();
        if (length == 0) {
            return "";
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.readFixed(scratch, 0, length);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length());
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length();
        ByteBuffer result = old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length());
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return items(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return items(in.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return fitting(in.readMapStart(), "entry count");
    }

    @Override
    public long mapNext() throws IOException {
        return fitting(in.mapNext(), "entry count");
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
