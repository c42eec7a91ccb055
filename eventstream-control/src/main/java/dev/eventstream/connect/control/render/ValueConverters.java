package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.TopicCatalog;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.TopicDetails;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an endpoint's values become Connect data (validation guarantees one format per connector). Conversion runs
 * after routing: the connector reads bytes ({@code ByteArrayConverter}) and {@code ConvertValue} converts only the
 * records the tenant router and the region filter kept, so other tenants' records are never parsed and never reach
 * this endpoint's DLQ. When a topic's tenant is inside the value ({@code tenant.source=value}) the router needs
 * the value converted, so the converter stays the connector's {@code value.converter}.
 */
final class ValueConverters {

    static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final String JSON = "dev.eventstream.connect.json.converter.JsonConverter";
    static final String AVRO = "dev.eventstream.connect.avro.AvroConverter";

    private ValueConverters() {
    }

    /** Whether {@code ConvertValue} converts the values after routing (no topic keeps its tenant in the value). */
    static boolean afterRouting(List<ReadTopic> topics) {
        return topics.stream().noneMatch(ReadTopic::tenantInValue);
    }

    /** The {@code value.converter*} keys: bytes when conversion runs after routing, otherwise the converter itself. */
    static void render(List<ReadTopic> topics, Deployment deployment, TopicCatalog catalog, ConfigBuilder config) {
        if (afterRouting(topics)) {
            config.put("value.converter", BYTES);
            return;
        }
        Map<String, String> converter = converter(topics, deployment, catalog);
        converter.forEach((key, value) -> config.put(key.equals("class") ? "value.converter" : "value.converter." + key, value));
    }

    /** The converter as {@code class} and its own settings (keys without a prefix), in a stable order. */
    static Map<String, String> converter(List<ReadTopic> topics, Deployment deployment, TopicCatalog catalog) {
        Map<String, String> converter = new LinkedHashMap<>();
        TopicDetails.Format format = topics.get(0).details().format();
        switch (format) {
            case json -> {
                converter.put("class", JSON);
                // Its own default is 16 MiB: a larger good event would be refused as too large to parse.
                converter.put("max.bytes", Integer.toString(deployment.maxRecordBytes()));
            }
            case avro -> {
                Deployment.Schemas schemas = deployment.schemas();
                converter.put("class", AVRO);
                converter.put("input.format", schemas.registryUrl() == null ? "plain" : "auto");
                putIfSet(converter, "schema.registry.url", schemas.registryUrl());
                putIfSet(converter, "schemas.dir", schemas.dir());
                topics.stream().sorted(Comparator.comparing(ReadTopic::name)).forEach(topic ->
                    converter.put("schema.topic." + topic.name(), schemaFile(topic.details(), catalog)));
            }
            default -> throw new IllegalStateException("Unknown format " + format);
        }
        return converter;
    }

    private static void putIfSet(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    /** {@code voice-cdr/voice-cdr.avsc}: relative to the schemas directory, which holds the topics' folders. */
    private static String schemaFile(TopicDetails details, TopicCatalog catalog) {
        Path folder = Path.of(catalog.fileOf(details)).getParent().getFileName();
        return folder + "/" + details.schema();
    }
}
