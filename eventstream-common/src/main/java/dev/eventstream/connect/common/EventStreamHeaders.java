package dev.eventstream.connect.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * Names of the record headers the Event Stream plugins set and read (ARCHITECTURE.md, "Contracts").
 * These names are public API: operators and customers see them.
 */
public final class EventStreamHeaders {

    /** The tenant id of a record, set by {@code TenantRouter}. */
    public static final String TENANT = "eventstream.tenant";

    /** Original topic of a re-published (demuxed) record. */
    public static final String SOURCE_TOPIC = "eventstream.source.topic";

    /** Original partition of a re-published (demuxed) record. */
    public static final String SOURCE_PARTITION = "eventstream.source.partition";

    /** Original offset of a re-published (demuxed) record. */
    public static final String SOURCE_OFFSET = "eventstream.source.offset";

    private EventStreamHeaders() {
    }

    /**
     * The record's tenant: the text of its last {@value #TENANT} header, or null when it has none (no header,
     * or a value that is empty or not text).
     */
    public static String tenant(Headers headers) {
        Header header = headers.lastWithName(TENANT);
        if (header == null) {
            return null;
        }
        String tenant = text(header.value());
        return tenant == null || tenant.isEmpty() ? null : tenant;
    }

    /**
     * A header value as text: a String as is, integral numbers (a header converter may have parsed
     * {@code "12345"} into a number) as their decimal text, {@code byte[]}/{@link ByteBuffer} as UTF-8
     * (without consuming the buffer); null for anything else.
     */
    public static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer) {
            return StandardCharsets.UTF_8.decode(((ByteBuffer) value).duplicate()).toString();
        }
        return null;
    }
}
