package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.model.PiiRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code FieldFilter$Value} with the PII rules of every topic read, merged with the endpoint's own field
 * exclusions. A path under two operations keeps the strongest: drop beats hash, hash beats mask.
 */
final class PiiStep implements ChainStep {

    @Override
    public void addTo(Chain chain, EndpointInputs inputs) {
        Set<String> drop = new TreeSet<>(inputs.endpoint().fields().exclude());
        Set<String> hash = new TreeSet<>();
        Set<String> mask = new TreeSet<>();
        for (ReadTopic topic : inputs.topics()) {
            PiiRules pii = topic.details().pii();
            drop.addAll(pii.drop());
            hash.addAll(pii.hash());
            mask.addAll(pii.mask());
        }
        hash.removeAll(drop);
        mask.removeAll(drop);
        mask.removeAll(hash);
        if (drop.isEmpty() && hash.isEmpty() && mask.isEmpty()) {
            return;
        }
        Map<String, String> props = new LinkedHashMap<>();
        putList(props, "fields.drop", drop);
        putList(props, "fields.mask", mask);
        putList(props, "fields.hash", hash);
        if (!hash.isEmpty()) {
            props.put("fields.hash.secret", inputs.deployment().pii().hashSecret());
        }
        chain.transform("pii", "dev.eventstream.connect.filter.FieldFilter$Value", props);
    }

    private static void putList(Map<String, String> props, String key, Set<String> paths) {
        if (!paths.isEmpty()) {
            props.put(key, String.join(",", paths));
        }
    }
}
