package dev.eventstream.connect.control.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transforms and predicates of one connector, in the order they are added; written as Connect keys. */
final class Chain {

    private final Map<String, Map<String, String>> transforms = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> predicates = new LinkedHashMap<>();

    /** Adds a transform; {@code props} are its own keys (without {@code transforms.<alias>.}). */
    Chain transform(String alias, String type, Map<String, String> props) {
        transforms.put(alias, withType(type, props));
        return this;
    }

    Chain predicate(String alias, String type, Map<String, String> props) {
        predicates.put(alias, withType(type, props));
        return this;
    }

    /** A Kafka {@code Filter} that keeps (negate) or drops the records a predicate matches. */
    Chain filter(String alias, String predicate, boolean keepMatching) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("predicate", predicate);
        if (keepMatching) {
            props.put("negate", "true");
        }
        return transform(alias, "org.apache.kafka.connect.transforms.Filter", props);
    }

    void writeTo(ConfigBuilder config) {
        write(config, "transforms", transforms);
        write(config, "predicates", predicates);
    }

    private static void write(ConfigBuilder config, String prefix, Map<String, Map<String, String>> entries) {
        config.putList(prefix, new ArrayList<>(entries.keySet()));
        entries.forEach((alias, props) -> props.forEach((key, value) -> config.put(prefix + "." + alias + "." + key, value)));
    }

    private static Map<String, String> withType(String type, Map<String, String> props) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("type", type);
        all.putAll(props);
        return all;
    }

    static List<String> sorted(java.util.Collection<String> values) {
        return values.stream().distinct().sorted().toList();
    }
}
