package dev.eventstream.connect.kafka;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSinkConnectorTest {

    private static Optional<ConfigValue> value(org.apache.kafka.common.config.Config config, String name) {
        return config.configValues().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    @Test
    void validateReportsARefusedOverrideAgainstItsOwnKey() {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        props.put("target.acks", "1");
        var config = new KafkaSinkConnector().validate(props);
        assertThat(value(config, "target.acks")).get()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("acks=all"));
    }

    @Test
    void validateReportsAUsageTopicWithoutUsageBootstrapServers() {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        props.put("usage.topic", "eventstream-usage");
        assertThat(value(new KafkaSinkConnector().validate(props), "usage.bootstrap.servers").orElseThrow().errorMessages())
                .singleElement().asString().startsWith("usage.bootstrap.servers is required when usage.topic is set");
        props.put("usage.bootstrap.servers", "kafka-1:9092");
        assertThat(value(new KafkaSinkConnector().validate(props), "usage.bootstrap.servers").orElseThrow().errorMessages())
                .isEmpty();
    }

    @Test
    void validateReportsPassthroughWithAConverterThatDoesNotKeepTheBytes() {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        props.put("value.format", "passthrough");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        var config = new KafkaSinkConnector().validate(props);
        assertThat(value(config, "value.format").orElseThrow().errorMessages())
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("value.converter=org.apache.kafka.connect.converters.ByteArrayConverter"))
                .anySatisfy(m -> assertThat(m).contains("key.converter"));
    }

    @Test
    void validateRequiresEndlessRetriesWhenARegistryOutageWouldOtherwiseFillTheDlq() {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        props.put("value.converter", "dev.eventstream.connect.avro.AvroConverter");
        props.put("value.converter.schema.registry.url", "https://schema-registry.internal:8081");
        props.put("errors.tolerance", "all");

        var config = new KafkaSinkConnector().validate(props);

        assertThat(value(config, "errors.retry.timeout").orElseThrow().errorMessages()).singleElement().asString()
                .contains("value.converter reads Avro through a schema registry")
                .contains("errors.retry.timeout=-1");
        props.put("errors.retry.timeout", "-1");
        assertThat(new KafkaSinkConnector().validate(props).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        props.put("errors.retry.timeout", "60000");
        props.put("errors.tolerance", "none");
        assertThat(new KafkaSinkConnector().validate(props).configValues()).as("the task fails instead: nothing lost")
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void validateAcceptsPassthroughWithByteArrayValuesAndStringKeys() {
        Map<String, String> props = KafkaSinkConfigTest.minimal();
        props.put("value.format", "passthrough");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        var config = new KafkaSinkConnector().validate(props);
        assertThat(config.configValues()).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void eachTaskGetsItsIndex() {
        KafkaSinkConnector connector = new KafkaSinkConnector();
        connector.start(KafkaSinkConfigTest.minimal());
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).extracting(t -> t.get(KafkaSinkConfig.TASK_INDEX)).containsExactly("0", "1", "2");
        assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("target.bootstrap.servers",
                "kafka-1.acme.example:9093,kafka-2.acme.example:9093"));
        assertThat(connector.taskClass()).isEqualTo(KafkaSinkTask.class);
    }

    @Test
    void isRegisteredForServiceLoaderDiscovery() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + SinkConnector.class.getName())) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                    .contains(KafkaSinkConnector.class.getName());
        }
        assertThat(new KafkaSinkConnector().version()).isNotBlank().doesNotStartWith("${");
    }
}
