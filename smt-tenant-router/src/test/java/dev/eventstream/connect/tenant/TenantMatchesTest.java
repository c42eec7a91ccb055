package dev.eventstream.connect.tenant;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
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
    void readsStringAndByteTenantHeaders() {
        TenantMatches<SinkRecord> predicate = predicate(Map.of("tenants", "0042,acme"));

        assertThat(predicate.test(SinkRecords.withTenant("0042"))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant("acme".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(predicate.test(SinkRecords.withTenant("42"))).isFalse();
    }

    /** Connect's default header converter reads 0042, +42, 4.2e1 and 42 all as the number 42. */
    @ParameterizedTest
    @ValueSource(strings = {"0042", "+42", "4.2e1", "42", "12345"})
    void aTenantHeaderAConverterTurnedIntoANumberIsRefusedNeverMatched(String text) {
        TenantMatches<SinkRecord> predicate = predicate(Map.of("tenants", "42,12345",
                "tenant.header.missing", "no-match"));
        Object parsed = new SimpleHeaderConverter().toConnectHeader("voice-callthread.0042", "eventstream.tenant",
                text.getBytes(StandardCharsets.UTF_8)).value();

        assertThatThrownBy(() -> predicate.test(SinkRecords.withTenant(parsed)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("(topic voice-callthread, partition 2, offset 1815)")
                .hasMessageContaining("header.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
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

    @ParameterizedTest
    @ValueSource(strings = {"acme ", " acme", "acme ,globex"})
    void refusesTenantsThatKafkasListParsingWouldTrimIntoAnotherTenant(String tenants) {
        assertThatThrownBy(() -> predicate(Map.of("tenants", tenants)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tenants")
                .hasMessageContaining("whitespace");
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> predicate(Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("tenants");
        assertThatThrownBy(() -> predicate(Map.of("tenants", ""))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [] for configuration tenants: list at least one tenant id");
        assertThatThrownBy(() -> predicate(Map.of("tenants", "acme,,globex"))).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [acme, , globex] for configuration tenants: a tenant id is empty: remove the extra comma");
        assertThatThrownBy(() -> predicate(Map.of("tenants", "acme", "tenant.header.missing", "skip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tenant.header.missing");
    }
}
