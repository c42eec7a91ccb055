package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSchemasTest {

    @TempDir
    Path dir;

    private static final String MONEY = "{\"type\":\"record\",\"name\":\"Money\",\"namespace\":\"shared\","
            + "\"fields\":[{\"name\":\"cents\",\"type\":\"long\"}]}";
    private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
            + "\"fields\":[{\"name\":\"total\",\"type\":\"shared.Money\"}]}";

    private LocalSchemas load(Map<String, Object> config) {
        return LocalSchemas.load(new AvroConverterConfig(config));
    }

    @Test
    void scansDirectoriesRecursivelyAndResolvesTypesAcrossFiles() throws IOException {
        Files.createDirectories(dir.resolve("a/deep"));
        Files.writeString(dir.resolve("a/deep/0-order.avsc"), ORDER);
        Files.writeString(dir.resolve("z-money.avsc"), MONEY);
        Files.writeString(dir.resolve("notes.txt"), "not a schema");

        LocalSchemas schemas = load(Map.of(AvroConverterConfig.SCHEMAS_DIR, dir.toString(),
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "orders", "shop.Order"));

        Schema order = schemas.forTopic("orders");
        assertThat(order.getFullName()).isEqualTo("shop.Order");
        assertThat(order.getField("total").schema().getField("cents")).isNotNull();
        assertThat(schemas.byFullName("shared.Money")).isNotNull();
        assertThat(schemas.forTopic("other")).isNull();
    }

    @Test
    void severalDirectoriesAreOneSchemaSet() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(first.resolve("order.avsc"), ORDER);
        Files.writeString(second.resolve("money.avsc"), MONEY);

        LocalSchemas schemas = load(Map.of(AvroConverterConfig.SCHEMAS_DIR, first + "," + second,
                AvroConverterConfig.SCHEMA_DEFAULT, "order.avsc"));

        assertThat(schemas.forTopic("anything").getFullName()).isEqualTo("shop.Order");
    }

    @Test
    void topicSchemaMayBeAnAbsoluteFileOutsideSchemasDir() throws IOException {
        Path file = dir.resolve("money.avsc");
        Files.writeString(file, MONEY);

        LocalSchemas schemas = load(Map.of(AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "payments", file.toString()));

        assertThat(schemas.forTopic("payments").getFullName()).isEqualTo("shared.Money");
    }

    @Test
    void missingReferencedTypeIsAConfigErrorNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("order.avsc"), ORDER);

        assertThatThrownBy(() -> load(Map.of(AvroConverterConfig.SCHEMAS_DIR, dir.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroConverterConfig.SCHEMAS_DIR)
                .hasMessageContaining("order.avsc");
    }

    @Test
    void invalidJsonIsAConfigErrorNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("broken.avsc"), "{\"type\": \"record\", ");

        assertThatThrownBy(() -> load(Map.of(AvroConverterConfig.SCHEMAS_DIR, dir.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broken.avsc")
                .hasMessageContaining("not a valid Avro schema file");
    }

    @Test
    void unknownTopicSchemaIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of(AvroConverterConfig.SCHEMAS_DIR, dir.toString(),
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "orders", "shop.Missing")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.topic.orders")
                .hasMessageContaining("shop.Missing");
    }

    @Test
    void missingDirectoryIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of(AvroConverterConfig.SCHEMAS_DIR, dir.resolve("nope").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroConverterConfig.SCHEMAS_DIR)
                .hasMessageContaining("not a readable directory");
    }
}
