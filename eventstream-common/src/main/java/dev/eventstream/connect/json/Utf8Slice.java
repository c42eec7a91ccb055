package dev.eventstream.connect.json;

import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A span of UTF-8 bytes that already is JSON text in its written form — a whole value, or a name's content between
 * its quotes — which a generator copies as it is: quoted and unquoted forms are both the bytes themselves, since
 * their escapes were written by whoever produced them.
 */
final class Utf8Slice implements SerializableString {
    private final byte[] bytes;
    private final int offset;
    private final int length;

    Utf8Slice(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int bufferOffset) {
        if (bufferOffset + length > buffer.length) {
            return -1;
        }
        System.arraycopy(bytes, offset, buffer, bufferOffset, length);
        return length;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(bytes, offset, length);
        return length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
        if (buffer.remaining() < length) {
            return -1;
        }
        buffer.put(bytes, offset, length);
        return length;
    }

    @Override
    public String getValue() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public int appendUnquoted(char[] buffer, int bufferOffset) {
        String text = getValue();
        if (bufferOffset + text.length() > buffer.length) {
            return -1;
        }
        text.getChars(0, text.length(), buffer, bufferOffset);
        return text.length();
    }

    @Override
    public char[] asQuotedChars() {
        return getValue().toCharArray();
    }

    @Override
    public byte[] asQuotedUTF8() {
        return asUnquotedUTF8();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int bufferOffset) {
        return appendUnquotedUTF8(buffer, bufferOffset);
    }

    @Override
    public int appendQuoted(char[] buffer, int bufferOffset) {
        return appendUnquoted(buffer, bufferOffset);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        return writeUnquotedUTF8(out);
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
        return putUnquotedUTF8(buffer);
    }
}
