package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;


/**
 * Reads the {@code eventstream.tenant} header that {@link TenantRouter} sets. The last header of that name
 * wins. Besides Strings, integral numbers (a header converter may have parsed {@code "12345"} into a number)
 * and UTF-8 bytes are read as their text; anything else, and empty text, count as no tenant.
 */
public final class TenantHeader {

    private TenantHeader() {
    }

    /** The record's tenant, or {@code null} when it has none. */
    public static String read(Headers headers) {
        Header header = headers.lastWithName(EventStreamHeaders.TENANT);
        if (header == null) {
            return null;
        }
        String tenant = EventStreamHeaders.text(header.value());
        return tenant == null || tenant.isEmpty() ? null : tenant;
    }
}
