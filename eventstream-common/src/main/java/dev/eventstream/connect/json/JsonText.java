package dev.eventstream.connect.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.DataException;

/**
 * Values that already are JSON text — a {@code byte[]} from {@code ByteArrayConverter}, a {@code String}
 * from {@code StringConverter} — written as they are, without parsing them into Connect data and rendering
 * them back. Each value is checked to be exactly one well-formed UTF-8 JSON value first (a streaming scan that
 * materializes no strings), so a bad record fails alone and never corrupts the document around it; a value that
 * spans lines is written compact, so it stays one line of an NDJSON body.
 */
public final class JsonText {

    private static final JsonFactory PARSERS = new JsonFactory();
    private static final int UTF8_BOM_LENGTH = 3;

    private JsonText() {
    }

    /**
     * Writes {@code value} (JSON text as {@code byte[]}, {@link ByteBuffer} or {@code String}) as one raw JSON
     * value through {@code generator}, which keeps track of it like any other value.
     *
     * @throws DataException when the value is not text or bytes, or not exactly one well-formed UTF-8 JSON value
     */
    public static void write(Object value, JsonGenerator generator) throws IOException {
        byte[] bytes;
        int offset = 0;
        int length;
        if (value instanceof byte[]) {
            bytes = (byte[]) value;
            length = bytes.length;
        } else if (value instanceof ByteBuffer && ((ByteBuffer) value).hasArray()) {
            ByteBuffer buffer = (ByteBuffer) value;
            bytes = buffer.array();
            offset = buffer.arrayOffset() + buffer.position();
            length = buffer.remaining();
        } else if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            length = bytes.length;
        } else if (value instanceof String) {
            bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
            length = bytes.length;
        } else {
            throw new DataException("Expected JSON text (a String or bytes, from StringConverter or ByteArrayConverter), got "
                    + (value == null ? "null" : "a " + value.getClass().getName()));
        }
        generator.writeRawValue(checked(bytes, offset, length));
    }

    /**
     * The bytes' one JSON value, ready to be embedded in a larger document: without surrounding whitespace or
     * byte order mark, and, when it spans lines (pretty-printed), compacted onto one line, so an NDJSON body keeps
     * one value per line. A value on one line is not copied: the common case costs the validating scan alone.
     *
     * @throws DataException unless the bytes hold exactly one well-formed JSON value in UTF-8
     */
    static SerializableString checked(byte[] bytes, int offset, int length) throws IOException {
        boolean spansLines;
        try (JsonParser parser = PARSERS.createParser(bytes, offset, length)) {
            if (!(parser instanceof UTF8StreamJsonParser)) {
                throw new DataException("JSON text must be UTF-8 (RFC 8259), these bytes look like UTF-16 or UTF-32");
            }
            if (parser.nextToken() == null) {
                throw new DataException("Expected JSON text, got " + (length == 0 ? "nothing" : "only whitespace"));
            }
            parser.skipChildren();
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new DataException("Expected one JSON value, found more after it at byte "
                        + parser.currentTokenLocation().getByteOffset());
            }
            // the parser has read every byte and counted each CR, LF and CRLF; strings hold none unescaped
            spansLines = parser.currentLocation().getLineNr() > 1;
        } catch (JsonProcessingException e) {
            throw new DataException("Not well-formed JSON: " + e.getOriginalMessage() + " at byte "
                    + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset()), e);
        }
        int start = startsWithByteOrderMark(bytes, offset, length) ? offset + UTF8_BOM_LENGTH : offset;
        int end = offset + length;
        while (isWhitespace(bytes[start])) {
            start++;
        }
        while (isWhitespace(bytes[end - 1])) {
            end--;
        }
        return spansLines ? compact(bytes, start, end) : new Utf8Slice(bytes, start, end - start);
    }

    /** The value without whitespace outside its strings (the bytes are one well-formed JSON value). */
    static Utf8Slice compact(byte[] bytes, int start, int end) {
        byte[] out = new byte[end - start];
        int length = 0;
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (inString) {
                out[length++] = b;
                if (b == '\\') {
                    out[length++] = bytes[++i];
                } else if (b == '"') {
                    inString = false;
                }
            } else if (!isWhitespace(b)) {
                out[length++] = b;
                inString = b == '"';
            }
        }
        return new Utf8Slice(out, 0, length);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean startsWithByteOrderMark(byte[] bytes, int offset, int length) {
        return length >= UTF8_BOM_LENGTH && bytes[offset] == (byte) 0xEF && bytes[offset + 1] == (byte) 0xBB
                && bytes[offset + 2] == (byte) 0xBF;
    }
}
