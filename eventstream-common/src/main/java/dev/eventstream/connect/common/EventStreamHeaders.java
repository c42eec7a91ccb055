package dev.eventstream.connect.common;

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
}
