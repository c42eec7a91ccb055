package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroConverterConfigTest {

    @Test
    void defaultsNeedNoRegistryAndNoSchemas() {
        AvroConverterConfig config = new AvroConverterConfig(Map.of());

        assertThat(config.registryConfigured()).isFalse();
        assertThat(config.inputFormat()).isEqualTo(AvroConverterConfig.InputFormat.AUTO);
        assertThat(config.retries()).isEqualTo(3);
        assertThat(config.registryCacheSize()).isEqualTo(1000);
        assertThat(config.topicSchemas()).isEmpty();
    }

    @Test
    void parsesUrlsTopicSchemasAndSecrets() {
        AvroConverterConfig config = new AvroConverterConfig(Map.of(
                AvroConverterConfig.REGISTRY_URL, "https://sr-1.example:8081/, https://sr-2.example:8081",
                AvroConverterConfig.REGISTRY_BASIC_AUTH_USER_INFO, "svc:s3cret",
                AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "voice-callthread", "dev.eventstream.voice.CallThreadEvent",
                AvroConverterConfig.INPUT_FORMAT, "plain"));

        assertThat(config.registryUrls()).containsExactly(URI.create("https://sr-1.example:8081"),
                URI.create("https://sr-2.example:8081"));
        assertThat(config.topicSchemas()).containsEntry("voice-callthread", "dev.eventstream.voice.CallThreadEvent");
        assertThat(config.inputFormat()).isEqualTo(AvroConverterConfig.InputFormat.PLAIN);
        assertThat(config.registryUserInfo().value()).isEqualTo("svc:s3cret");
        assertThat(config.registryUserInfo().toString()).doesNotContain("s3cret");
        assertThat(config.values().toString()).doesNotContain("s3cret");
    }

    @Test
    void secretsArePasswordTyped() {
        ConfigDef def = AvroConverterConfig.configDef();

        assertThat(def.configKeys().get(AvroConverterConfig.REGISTRY_BASIC_AUTH_USER_INFO).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(def.configKeys().get(AvroConverterConfig.TRUSTSTORE_PASSWORD).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void everyKeyHasAGroupDisplayNameAndDocumentation() {
        assertThat(AvroConverterConfig.configDef().configKeys().values()).allSatisfy(key -> {
            assertThat(key.group).isNotBlank();
            assertThat(key.displayName).isNotBlank();
            assertThat(key.documentation).isNotBlank();
        });
    }

    @Test
    void rejectsNonHttpRegistryUrlsNamingTheKey() {
        for (String url : List.of("ftp://sr.example", "sr.example:8081", "http://")) {
            assertThatThrownBy(() -> new AvroConverterConfig(Map.of(AvroConverterConfig.REGISTRY_URL, url)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(AvroConverterConfig.REGISTRY_URL);
        }
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> new AvroConverterConfig(Map.of(AvroConverterConfig.INPUT_FORMAT, "json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroConverterConfig.INPUT_FORMAT);
        assertThatThrownBy(() -> new AvroConverterConfig(Map.of(AvroConverterConfig.REGISTRY_RETRIES, -1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroConverterConfig.REGISTRY_RETRIES);
        assertThatThrownBy(() -> new AvroConverterConfig(Map.of(AvroConverterConfig.SCHEMA_TOPIC_PREFIX, "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AvroConverterConfig.SCHEMA_TOPIC_PREFIX);
        assertThatThrownBy(() -> new AvroConverterConfig(Map.of(AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "t", " ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.topic.t");
    }
}
