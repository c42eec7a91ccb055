package dev.eventstream.connect.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * Runs a sink connector's converters, transforms and predicates, in the config's order and with its settings,
 * on one sample record, the way Connect's worker does (a transform with a predicate applies only when
 * {@code predicate.test(record) != negate}; a transform returning null drops the record). Stops at the first step
 * that drops the record or fails on it, and says which.
 */
final class ChainRunner {

    /** A sample event as it would sit in the topic. */
    record Sample(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                  Map<String, String> headers) { }

    /**
     * @param outcome {@code converted}, {@code kept}, {@code skipped} (its predicate did not select it),
     *                {@code dropped} or {@code failed} (the connector sends the record to its DLQ)
     */
    record Step(String step, String type, String outcome, String reason) { }

    /** The steps run, and the record that reaches the sink (null when a step dropped it or failed). */
    record Result(List<Step> steps, SinkRecord record) {
        Step last() {
            return steps.get(steps.size() - 1);
        }
    }

    private ChainRunner() {
    }

    static Result run(Map<String, String> config, Sample sample) {
        List<Step> steps = new ArrayList<>();
        SinkRecord record;
        try {
            record = convert(config, sample, steps);
        } catch (RuntimeException e) {
            steps.add(new Step("value.converter", config.get("value.converter"), "failed", message(e)));
            return new Result(steps, null);
        }
        Map<String, Predicate<SinkRecord>> predicates = new LinkedHashMap<>();
        List<Transformation<SinkRecord>> transforms = new ArrayList<>();
        try {
            for (String alias : list(config.get("predicates"))) {
                predicates.put(alias, configured(config, "predicates." + alias + ".", Predicate.class));
            }
            for (String alias : list(config.get("transforms"))) {
                String prefix = "transforms." + alias + ".";
                Transformation<SinkRecord> transform = configured(config, prefix, Transformation.class);
                transforms.add(transform);
                String predicateAlias = config.get(prefix + "predicate");
                boolean negate = Boolean.parseBoolean(config.getOrDefault(prefix + "negate", "false"));
                String type = config.get(prefix + "type");
                if (predicateAlias != null) {
                    boolean matches = predicates.get(predicateAlias).test(record);
                    if (matches == negate) {
                        steps.add(new Step(alias, type, "skipped", "predicate " + predicateAlias + " ("
                            + simpleName(config.get("predicates." + predicateAlias + ".type")) + ") "
                            + (matches ? "matched" : "did not match") + (negate ? ", negated" : "")));
                        continue;
                    }
                }
                SinkRecord out;
                try {
                    out = transform.apply(record);
                } catch (RuntimeException e) {
                    steps.add(new Step(alias, type, "failed", message(e)));
                    return new Result(steps, null);
                }
                if (out == null) {
                    steps.add(new Step(alias, type, "dropped", dropReason(config, alias, predicateAlias, negate)));
                    return new Result(steps, null);
                }
                steps.add(new Step(alias, type, "kept", null));
                record = out;
            }
            return new Result(steps, record);
        } finally {
            transforms.forEach(Transformation::close);
            predicates.values().forEach(Predicate::close);
        }
    }

    private static SinkRecord convert(Map<String, String> config, Sample sample, List<Step> steps) {
        Converter keyConverter = converter(config, "key.converter", true);
        Converter valueConverter = converter(config, "value.converter", false);
        ConnectHeaders headers = new ConnectHeaders();
        sample.headers().forEach(headers::addString);
        SchemaAndValue key = keyConverter.toConnectData(sample.topic(), sample.key());
        SchemaAndValue value = valueConverter.toConnectData(sample.topic(), sample.value());
        steps.add(new Step("value.converter", valueConverter.getClass().getName(), "converted", null));
        return new SinkRecord(sample.topic(), sample.partition(), key.schema(), key.value(), value.schema(), value.value(),
            sample.offset(), sample.timestamp(), TimestampType.CREATE_TIME, headers);
    }

    private static Converter converter(Map<String, String> config, String key, boolean isKey) {
        String type = config.getOrDefault(key, isKey ? "org.apache.kafka.connect.storage.StringConverter"
            : "org.apache.kafka.connect.json.JsonConverter");
        Converter converter = instance(type, Converter.class);
        converter.configure(withPrefix(config, key + "."), isKey);
        return converter;
    }

    @SuppressWarnings("unchecked")
    private static <T> T configured(Map<String, String> config, String prefix, Class<?> kind) {
        Object plugin = instance(config.get(prefix + "type"), kind);
        Map<String, String> props = withPrefix(config, prefix);
        props.remove("type");
        props.remove("predicate");
        props.remove("negate");
        ((org.apache.kafka.common.Configurable) plugin).configure(props);
        return (T) plugin;
    }

    private static <T> T instance(String className, Class<T> kind) {
        try {
            Class<?> type = Class.forName(className, true, ChainRunner.class.getClassLoader());
            return kind.cast(type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ConnectException("Cannot create the " + kind.getSimpleName() + " " + className
                + " on this worker: " + e, e);
        }
    }

    private static Map<String, String> withPrefix(Map<String, String> config, String prefix) {
        Map<String, String> props = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                props.put(k.substring(prefix.length()), v);
            }
        });
        return props;
    }

    /** Why a step dropped a record, in the endpoint's terms where the renderer's step is known. */
    private static String dropReason(Map<String, String> config, String alias, String predicate, boolean negate) {
        String because = predicate == null ? "" : " (predicate " + predicate + " "
            + (negate ? "did not match" : "matched") + ")";
        switch (alias) {
            case "tenant":
                return "the record's tenant is not this endpoint's tenant '" + config.get("transforms.tenant.tenant.allowed")
                    + "' (TenantRouter tenant.allowed)";
            case "primaryRegion":
                return "this region ('" + config.get("predicates." + predicate + ".region.local")
                    + "') is not the tenant's primary region" + because;
            case "subscribed":
                return "its event type is not in the endpoint's events.include" + because;
            case "unsubscribed":
                return "its event type is in the endpoint's events.exclude" + because;
            default:
                return simpleName(config.get("transforms." + alias + ".type")) + " returned no record" + because;
        }
    }

    private static List<String> list(String value) {
        return value == null ? List.of()
            : Arrays.stream(value.split(",")).map(String::trim).filter(alias -> !alias.isEmpty()).toList();
    }

    private static String simpleName(String className) {
        return className == null ? "?" : className.substring(className.lastIndexOf('.') + 1);
    }

    private static String message(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
