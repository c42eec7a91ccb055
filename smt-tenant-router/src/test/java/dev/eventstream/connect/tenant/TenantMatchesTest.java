package dev.eventstream.connect.tenant;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantMatchesTest {

    private static TenantMatches<SinkRecord> predicate(Map<String, String> props) {
        TenantMatches<SinkRecord> predicate = new TenantMatches<>();
        predicate.configure(props);
        return predicate;
    }

    @Test
    void matchesListedTenantsOnly() {
        TenantMatches<SinkRecord> predicate = predicate(Map.of("tenants", "acme,globex"));

        assertThat(predicate.test(SinkRecords.withTenant("acme"))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant("globex"))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant("initech"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "Acme", "acme2", "acme ", " acme", "acme\t", "acmé", "ａｃｍｅ", "acm", "acme:1"})
    void lookAlikeTenantsDoNotMatch(String lookAlike) {
        assertThat(predicate(Map.of("tenants", "acme")).test(SinkRecords.withTenant(lookAlike))).isFalse();
    }

    @Test
    void readsNumericAndByteTenantHeaders() {
        TenantMatches<SinkRecord> predicate = predicate(Map.of("tenants", "12345,acme"));

        assertThat(predicate.test(SinkRecords.withTenant(12345))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant(12345L))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant("acme".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant(1234))).isFalse();
    }

    @Test
    void missingHeaderFailsByDefaultWithCoordinates() {
        TenantMatches<SinkRecord> predicate = predicate(Map.of("tenants", "acme"));

        assertThatThrownBy(() -> predicate.test(SinkRecords.withTenant(null)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)")
                .hasMessageContaining("TenantRouter must run before TenantMatches");
    }

    @Test
    void missingHeaderPolicies() {
        assertThat(predicate(Map.of("tenants", "acme", "tenant.header.missing", "no-match"))
                .test(SinkRecords.withTenant(null))).isFalse();
        assertThat(predicate(Map.of("tenants", "acme", "tenant.header.missing", "match"))
                .test(SinkRecords.withTenant(null))).isTrue();
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> predicate(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("tenants");
        assertThatThrownBy(() -> predicate(Map.of("tenants", ""))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants must list at least one tenant id");
        assertThatThrownBy(() -> predicate(Map.of("tenants", "acme,,globex"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants must not contain an empty tenant id");
        assertThatThrownBy(() -> predicate(Map.of("tenants", "acme", "tenant.header.missing", "skip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tenant.header.missing");
    }
}
