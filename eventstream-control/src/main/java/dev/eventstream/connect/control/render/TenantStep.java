package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.TopicDetails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code TenantRouter} with one rule per topic-details, keeping only the endpoint's tenant. */
final class TenantStep implements ChainStep {

    static final String TYPE = "dev.eventstream.connect.tenant.TenantRouter";

    @Override
    public void addTo(Chain chain, EndpointInputs inputs) {
        Map<String, String> props = rules(inputs.topics());
        props.put("tenant.allowed", inputs.endpoint().tenant());
        props.put("tenant.missing.policy", "fail");
        if (inputs.allDemuxed()) {
            // Only the demux writes <topic>.<tenant>: its eventstream.source.* headers are the original coordinates.
            props.put("source.coordinates.trusted", "true");
        }
        chain.transform("tenant", TYPE, props);
    }

    /** {@code rules}, and per rule its topics and where the tenant is; rules sorted by name. */
    static Map<String, String> rules(List<ReadTopic> topics) {
        Map<String, List<ReadTopic>> byRule = new TreeMap<>();
        topics.forEach(t -> byRule.computeIfAbsent(ruleName(t.details()), k -> new ArrayList<>()).add(t));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("rules", String.join(",", byRule.keySet()));
        byRule.forEach((rule, read) -> {
            String prefix = "rules." + rule + ".";
            props.put(prefix + "topics", String.join(",", Chain.sorted(read.stream().map(ReadTopic::name).toList())));
            location(read.get(0).details()).forEach((k, v) -> props.put(prefix + k, v));
        });
        return props;
    }

    /** The tenant.* keys of a topic's tenant location. */
    static Map<String, String> location(TopicDetails details) {
        TopicDetails.TenantLocation tenant = details.tenant();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("tenant.source", tenant.source());
        switch (tenant.source()) {
            case "key", "topic" -> props.put("tenant.template", tenant.template());
            case "value" -> props.put("tenant.field", tenant.path());
            case "header" -> props.put("tenant.header", tenant.name());
            default -> throw new IllegalStateException("Unknown tenant source " + tenant.source());
        }
        return props;
    }

    /** A rule name from the topic's name: letters, digits, '_' and '-' ({@code {tenant_id}.chat-events} → chat-events). */
    static String ruleName(TopicDetails details) {
        String name = details.topic().replace("{tenant_id}", "").replaceAll("[^A-Za-z0-9_-]", "_");
        return name.replaceAll("^_+|_+$", "");
    }
}
