package dev.eventstream.connect.control;

import dev.eventstream.connect.common.TenantTemplate;
import dev.eventstream.connect.control.model.TopicDetails;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The service teams' topics by name. A single-tenant topic is declared once by its template
 * ({@code {tenant_id}.chat-events}); an endpoint names its concrete topic ({@code acme.chat-events}).
 */
public final class TopicCatalog {

    private final Map<String, TopicDetails> byName = new TreeMap<>();
    private final Map<String, String> files = new TreeMap<>();

    /** Adds a topic; false (and nothing changed) when one of that name is there already. */
    public boolean add(TopicDetails details, String file) {
        if (byName.putIfAbsent(details.topic(), details) != null) {
            return false;
        }
        files.put(details.topic(), file);
        return true;
    }

    /** Every topic name, single-tenant topics by their template. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }

    public Collection<TopicDetails> all() {
        return byName.values();
    }

    /** The file a topic was read from, relative to the configuration directory. */
    public String fileOf(TopicDetails details) {
        return files.get(details.topic());
    }

    /** The topic-details of a concrete topic name: by exact name, or by a single-tenant topic's template. */
    public Optional<TopicDetails> resolve(String topic) {
        TopicDetails exact = byName.get(topic);
        if (exact != null) {
            return Optional.of(exact);
        }
        return byName.values().stream()
            .filter(TopicDetails::singleTenant)
            .filter(details -> TenantTemplate.parse(details.topic()).matches(topic))
            .findFirst();
    }
}
