package dev.eventstream.connect.control.render;

import dev.eventstream.connect.control.TopicCatalog;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.TopicDetails;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The value converter keys for the topics' format (validation guarantees one format per connector). */
final class ValueConverters {

    private ValueConverters() {
    }

    static void render(List<ReadTopic> topics, Deployment deployment, TopicCatalog catalog, ConfigBuilder config) {
        TopicDetails.Format format = topics.get(0).details().format();
        switch (format) {
            case json -> config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .put("value.converter.schemas.enable", "false");
            case avro -> {
                Deployment.Schemas schemas = deployment.schemas();
                config.put("value.converter", "dev.eventstream.connect.avro.AvroConverter")
                    .put("value.converter.input.format", schemas.registryUrl() == null ? "plain" : "auto")
                    .put("value.converter.schema.registry.url", schemas.registryUrl())
                    .put("value.converter.schemas.dir", schemas.dir());
                topics.stream().sorted(Comparator.comparing(ReadTopic::name)).forEach(topic ->
                    config.put("value.converter.schema.topic." + topic.name(), schemaFile(topic.details(), catalog)));
            }
            default -> throw new IllegalStateException("Unknown format " + format);
        }
    }

    /** {@code voice-cdr/voice-cdr.avsc}: relative to the schemas directory, which holds the topics' folders. */
    private static String schemaFile(TopicDetails details, TopicCatalog catalog) {
        Path folder = Path.of(catalog.fileOf(details)).getParent().getFileName();
        return folder + "/" + details.schema();
    }
}
