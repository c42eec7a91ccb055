package dev.eventstream.connect.control;

import dev.eventstream.connect.common.TenantTemplate;
import dev.eventstream.connect.control.model.TopicDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

    void add(TopicDetails details, String file) {
        byName.put(details.topic(), details);
        files.put(details.topic(), file);
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

    /** The tenant a concrete single-tenant topic belongs to; empty for multi-tenant topics. */
    public Optional<String> tenantOf(String topic) {
        return resolve(topic).filter(TopicDetails::singleTenant)
            .flatMap(details -> TenantTemplate.parse(details.topic()).match(topic))
            .map(values -> values.get("tenant_id"));
    }

    /** Names an endpoint may write: every exact topic, and each template (to suggest in "did you mean"). */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
