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

    /** A header converter that keeps every header's bytes, so text such as {@code 0042} stays that text. */
    public static final String EXACT_HEADER_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /**
     * The record's tenant: the exact text of its last {@value #TENANT} header, or null when it has none (no header,
     * or a value that is empty or not text). A number is not text: Connect's default {@code SimpleHeaderConverter}
     * reads {@code 0042}, {@code +42} and {@code 4.2e1} all as 42, so a number cannot tell those tenants apart
     * (see {@link #notExactText}).
     */
    public static String tenant(Headers headers) {
        Header header = headers.lastWithName(TENANT);
        if (header == null) {
            return null;
        }
        String tenant = exactText(header.value());
        return tenant == null || tenant.isEmpty() ? null : tenant;
    }

    /**
     * Why the record's {@value #TENANT} header cannot be read as its exact text (see {@link #notExactText}), or null
     * when it can or when there is no such header.
     */
    public static String tenantNotExactText(Headers headers) {
        Header header = headers.lastWithName(TENANT);
        return header == null ? null : notExactText(TENANT, header.value());
    }

    /**
     * A header value as the exact text it was written as: a String as is, {@code byte[]}/{@link ByteBuffer} as
     * UTF-8 (without consuming the buffer); null for anything else, in particular for a value a header converter
     * parsed from text (a number, boolean, decimal or list), whose original text is lost.
     */
    public static String exactText(Object value) {
        if (value instanceof String || value instanceof byte[] || value instanceof ByteBuffer) {
            return text(value);
        }
        return null;
    }

    /**
     * Why header {@code name}'s value is not its exact text, with the fix, for an error message; null when
     * {@link #exactText} reads it (or it is null).
     */
    public static String notExactText(String name, Object value) {
        if (value == null || exactText(value) != null) {
            return null;
        }
        return "header " + name + " holds the " + value.getClass().getSimpleName() + " " + value + ", not text: the "
                + "connector's header.converter parsed it (Connect's default SimpleHeaderConverter reads 0042, +42 "
                + "and 4.2e1 all as the number 42), so its exact text is lost and tenants would be confused. Set "
                + "header.converter=" + EXACT_HEADER_CONVERTER + " on this connector";
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
