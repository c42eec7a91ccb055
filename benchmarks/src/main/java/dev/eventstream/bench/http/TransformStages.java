package dev.eventstream.bench.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * A connector config's {@code transforms} and {@code predicates} as Connect's transformation chain applies them
 * (each stage runs when it has no predicate or its predicate, negated or not, holds; a null record ends the chain),
 * without a worker, so that a JMH benchmark measures the plugins alone.
 */
final class TransformStages implements AutoCloseable {

    private record Stage(Transformation<SinkRecord> transformation, Predicate<SinkRecord> predicate, boolean negate) {
    }

    private final List<Stage> stages = new ArrayList<>();
    private final Map<String, Predicate<SinkRecord>> predicates = new HashMap<>();

    TransformStages(Map<String, String> config) {
        for (String alias : names(config.get("predicates"))) {
            predicates.put(alias, instance(config, "predicates." + alias + "."));
        }
        for (String alias : names(config.get("transforms"))) {
            String prefix = "transforms." + alias + ".";
            String predicate = config.get(prefix + "predicate");
            stages.add(new Stage(instance(config, prefix), predicate == null ? null : predicates.get(predicate),
                Boolean.parseBoolean(config.get(prefix + "negate"))));
        }
    }

    /** The record after every stage, or null when a stage dropped it. */
    SinkRecord apply(SinkRecord record) {
        for (Stage stage : stages) {
            if (stage.predicate() == null || stage.predicate().test(record) != stage.negate()) {
                record = stage.transformation().apply(record);
                if (record == null) {
                    return null;
                }
            }
        }
        return record;
    }

    @Override
    public void close() {
        stages.forEach(stage -> stage.transformation().close());
        predicates.values().forEach(Predicate::close);
    }

    private static List<String> names(String list) {
        return list == null || list.isBlank() ? List.of() : List.of(list.split("\\s*,\\s*"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.apache.kafka.common.Configurable> T instance(Map<String, String> config, String prefix) {
        Map<String, String> settings = new HashMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            }
        });
        try {
            T plugin = (T) Class.forName(settings.remove("type")).getDeclaredConstructor().newInstance();
            plugin.configure(settings);
            return plugin;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot create " + prefix + "type", e);
        }
    }
}
