package dev.eventstream.connect.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class UsageConfigTest {

    private static AbstractConfig config(Map<String, String> props) {
        return new AbstractConfig(UsageConfig.define(new ConfigDef()), props, false);
    }

    @Test
    void anEmptyTopicTurnsUsageOff() {
        UsageConfig.Settings settings = UsageConfig.settings(config(Map.of()));
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.clientConfig()).isEmpty();
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void clientSettingsLoseTheirPrefixAndSecretsTheirMask() {
        UsageConfig.Settings settings = UsageConfig.settings(config(Map.of(
            "usage.topic", "eventstream-usage", "usage.bootstrap.servers", "k1:9093,k2:9093",
            "usage.flush.interval.ms", "2000", "usage.security.protocol", "SASL_SSL",
            "usage.sasl.mechanism", "SCRAM-SHA-512", "usage.sasl.jaas.config", "secret-jaas",
            "usage.ssl.truststore.location", "/etc/ts.p12", "usage.ssl.truststore.password", "ts-secret",
            "usage.ssl.endpoint.identification.algorithm", "https", "usage.other", "not passed")));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.clientConfig()).containsOnly(
            Map.entry("bootstrap.servers", "k1:9093,k2:9093"), Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("sasl.jaas.config", "secret-jaas"),
            Map.entry("ssl.truststore.location", "/etc/ts.p12"), Map.entry("ssl.truststore.password", "ts-secret"),
            Map.entry("ssl.endpoint.identification.algorithm", "https"));
    }

    @Test
    void aTopicWithoutBootstrapServersNamesTheMissingKey() {
        assertThatThrownBy(() -> UsageConfig.settings(config(Map.of("usage.topic", "eventstream-usage"))))
            .isInstanceOf(ConfigException.class)
            .hasMessage("usage.bootstrap.servers is required when usage.topic is set (eventstream-usage): set it to "
                + "the usage cluster's host:port pairs, or empty usage.topic to publish no usage");
    }

    @Test
    void anIllegalTopicNameIsRefusedWithTheRule() {
        assertThatThrownBy(() -> config(Map.of("usage.topic", "usage topic")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("Invalid value usage topic for configuration usage.topic: a topic name is at most 249 "
                + "characters");
    }
}
