package dev.eventstream.connect.kafka;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSinkConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "es-acme-kafka");
        props.put("target.bootstrap.servers", "kafka-1.acme.example:9093,kafka-2.acme.example:9093");
        return props;
    }

    @Test
    void producerGetsEveryTargetKeyWithoutThePrefixAndTheFixedGuarantees() {
        Map<String, String> props = minimal();
        props.put("target.compression.type", "zstd");
        props.put("target.security.protocol", "SASL_SSL");
        props.put("target.sasl.mechanism", "SCRAM-SHA-512");
        props.put("target.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"es\" password=\"s3cret\";");
        props.put("target.ssl.truststore.password", "trust-pass");
        props.put("target.request.timeout.ms", "45000");
        props.put("target.compression.zstd.level", "6");
        props.put(KafkaSinkConfig.TASK_INDEX, "2");

        Map<String, Object> producer = new KafkaSinkConfig(props).producerProperties("es-acme-kafka");

        assertThat(producer)
                .containsEntry("bootstrap.servers", "kafka-1.acme.example:9093,kafka-2.acme.example:9093")
                .containsEntry("compression.type", "zstd")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", props.get("target.sasl.jaas.config"))
                .containsEntry("ssl.truststore.password", "trust-pass")
                .containsEntry("request.timeout.ms", "45000")
                .containsEntry("compression.zstd.level", "6")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.in.flight.requests.per.connection", 5)
                .containsEntry("client.id", "eventstream-kafka-sink-es-acme-kafka-2")
                .containsEntry("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer")
                .containsEntry("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer")
                .doesNotContainKeys("topic", "target.topic", "ssl.keystore.location", "ssl.keystore.password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"target.acks", "target.enable.idempotence", "target.key.serializer",
        "target.value.serializer", "target.transactional.id", "target.retries"})
    void refusesOverridesOfTheDeliveryGuaranteesNamingTheKey(String key) {
        Map<String, String> props = minimal();
        props.put(key, "1");
        assertThatThrownBy(() -> new KafkaSinkConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void aRefusedOverrideSaysTheReasonOnce() {
        Map<String, String> props = minimal();
        props.put("target.acks", "1");
        assertThatThrownBy(() -> new KafkaSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 1 for configuration target.acks: fixed by the connector: it delivers with "
                        + "acks=all and an idempotent producer, so an acknowledged record is on every in-sync replica, "
                        + "and producer retries neither duplicate nor reorder records. Remove this key.");
    }

    @Test
    void enumValuesAreAcceptedInAnyCaseAsInTheHttpsSink() {
        Map<String, String> props = minimal();
        props.put("tombstones", "SKIP");
        props.put("value.format", "Passthrough");
        KafkaSinkConfig config = new KafkaSinkConfig(props);
        assertThat(config.tombstones()).isEqualTo(KafkaSinkConfig.TombstoneHandling.SKIP);
        assertThat(config.valueFormat()).isEqualTo(KafkaSinkConfig.ValueFormat.PASSTHROUGH);
    }

    @Test
    void inFlightRequestsAreCappedAtFiveToKeepOrderUnderRetries() {
        Map<String, String> props = minimal();
        props.put("target.max.in.flight.requests.per.connection", "6");
        assertThatThrownBy(() -> new KafkaSinkConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.max.in.flight.requests.per.connection");
    }

    @Test
    void secretsOfTheProducerAreDefinedAsPasswordsSoConnectMasksThem() {
        Map<String, ConfigDef.ConfigKey> keys = KafkaSinkConfig.configDef().configKeys();
        for (String key : new String[] {"target.ssl.keystore.password", "target.ssl.key.password",
            "target.ssl.truststore.password", "target.sasl.jaas.config", "target.ssl.keystore.key",
            "target.ssl.keystore.certificate.chain", "target.ssl.truststore.certificates"}) {
            assertThat(keys.get(key)).as(key).isNotNull();
            assertThat(keys.get(key).type).as(key).isEqualTo(ConfigDef.Type.PASSWORD);
        }
        Map<String, String> props = minimal();
        props.put("target.ssl.keystore.password", "ks-secret");
        assertThat(new KafkaSinkConfig(props).toString()).doesNotContain("ks-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void acceptsEveryCompressionType(String type) {
        Map<String, String> props = minimal();
        props.put("target.compression.type", type);
        assertThat(new KafkaSinkConfig(props).compressionType()).isEqualTo(type);
    }

    @Test
    void refusesAnUnknownCompressionType() {
        Map<String, String> props = minimal();
        props.put("target.compression.type", "brotli");
        assertThatThrownBy(() -> new KafkaSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.compression.type");
    }

    @Test
    void topicTemplateAcceptsTopicAndTenantOnly() {
        Map<String, String> props = minimal();
        props.put("target.topic", "events.${tenant}.${topic}");
        assertThat(new KafkaSinkConfig(props).topicTemplate().names()).containsExactly("tenant", "topic");
        props.put("target.topic", "events.${region}");
        assertThatThrownBy(() -> new KafkaSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.topic").hasMessageContaining("${region}");
    }

    @Test
    void headersForwardIsAllNoneOrNames() {
        Map<String, String> props = minimal();
        props.put("headers.forward", "none");
        HeaderFilter none = new KafkaSinkConfig(props).headerFilter();
        assertThat(none.forwards("eventstream.tenant")).isFalse();

        props.put("headers.forward", "eventstream.tenant,traceparent");
        HeaderFilter listed = new KafkaSinkConfig(props).headerFilter();
        assertThat(listed.forwards("traceparent")).isTrue();
        assertThat(listed.forwards("other")).isFalse();

        props.remove("headers.forward");
        HeaderFilter byDefault = new KafkaSinkConfig(props).headerFilter();
        assertThat(byDefault.forwards("eventstream.tenant")).isTrue();
        assertThat(byDefault.forwards("caller.number")).isFalse();

        props.put("headers.forward", "*");
        assertThatThrownBy(() -> new KafkaSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [*] for configuration headers.forward: header names must not be blank "
                        + "(write all to forward every header)");

        props.put("headers.forward", "all,traceparent");
        assertThatThrownBy(() -> new KafkaSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("headers.forward");
    }

    @Test
    void bootstrapServersAreRequired() {
        Map<String, String> props = minimal();
        props.remove("target.bootstrap.servers");
        assertThatThrownBy(() -> new KafkaSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("target.bootstrap.servers");
    }
}
