package dev.eventstream.connect.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.DataException;

/**
 * Values that already are JSON text — a {@code byte[]} from {@code ByteArrayConverter}, a {@code String}
 * from {@code StringConverter} — written as they are, without parsing them into Connect data and rendering
 * them back. Each value is checked to be exactly one well-formed JSON value first (a streaming scan that
 * materializes no strings), so a bad record fails alone and never corrupts the document around it.
 */
public final class JsonText {

    private static final JsonFactory PARSERS = new JsonFactory();

    private JsonText() {
    }

    /**
     * Writes {@code value} (JSON text as {@code byte[]}, {@link ByteBuffer} or {@code String}) as one raw JSON
     * value through {@code generator}, which keeps track of it like any other value.
     *
     * @throws DataException when the value is not text or bytes, or not exactly one well-formed JSON value
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
        check(bytes, offset, length);
        generator.writeRawValue(new Utf8Slice(bytes, offset, length));
    }

    /** Throws a {@link DataException} unless the bytes hold exactly one well-formed JSON value. */
    static void check(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser parser = PARSERS.createParser(bytes, offset, length)) {
            if (parser.nextToken() == null) {
                throw new DataException("Expected JSON text, got " + (length == 0 ? "nothing" : "only whitespace"));
            }
            parser.skipChildren();
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new DataException("Expected one JSON value, found more after it at byte "
                        + parser.currentTokenLocation().getByteOffset());
            }
        } catch (JsonProcessingException e) {
            throw new DataException("Not well-formed JSON: " + e.getOriginalMessage() + " at byte "
                    + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset()), e);
        }
    }
}
