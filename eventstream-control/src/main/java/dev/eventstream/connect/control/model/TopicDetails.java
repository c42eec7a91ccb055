package dev.eventstream.connect.control.model;

import java.util.List;

/**
 * A topic as its service team describes it in {@code topic-details.json}: how each record's tenant is
 * found, the value format, the event names and the PII rules every endpoint applies.
 *
 * @param topic     the topic name, or for a single-tenant topic its template ({@code {tenant_id}.chat-events})
 * @param schema    for Avro topics, the {@code .avsc} file next to the topic-details file; null for JSON
 */
public record TopicDetails(String topic, String owner, Tenancy tenancy, TenantLocation tenant, Format format,
                           String schema, EventTypeLocation eventType, List<String> events, PiiRules pii) {

    public TopicDetails {
        events = events == null ? List.of() : List.copyOf(events);
        pii = pii == null ? PiiRules.NONE : pii;
    }

    public enum Tenancy { multi, single }

    public enum Format { json, avro }

    /** Where a record's tenant id is: {@code source} is key, value, header or topic. */
    public record TenantLocation(String source, String template, String path, String name) { }

    public record EventTypeLocation(String path) { }

    public boolean singleTenant() {
        return tenancy == Tenancy.single;
    }
}
