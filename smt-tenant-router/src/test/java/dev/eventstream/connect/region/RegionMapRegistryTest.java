package dev.eventstream.connect.region;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionMapRegistryTest {

    @TempDir
    Path dir;

    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private final RegionMapRegistry registry = new RegionMapRegistry(mbeans);
    private Path file;

    @BeforeEach
    void writeMap() throws IOException {
        file = dir.resolve("regions.json");
        Files.writeString(file, "{\"acme\":\"eu-west\",\"globex\":\"us-east\"}", StandardCharsets.UTF_8);
    }

    private RegionSourceSpec spec(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                InPrimaryRegionConfig.REGION_LOCAL, "eu-west",
                InPrimaryRegionConfig.REGION_SOURCE, "file",
                InPrimaryRegionConfig.FILE_PATH, file.toString(),
                InPrimaryRegionConfig.STARTUP_TIMEOUT_MS, "0"));
        props.putAll(overrides);
        return RegionSourceSpec.of(new InPrimaryRegionConfig(props));
    }

    @Test
    void leasesOfTheSameSourceShareOneSourceUntilTheLastIsClosed() throws Exception {
        RegionSourceSpec spec = spec(Map.of());
        ObjectName name = RegionMapRegistry.objectName(spec);

        RegionMapRegistry.Lease first = registry.acquire(spec);
        RegionMapRegistry.Lease second = registry.acquire(spec(Map.of(
                InPrimaryRegionConfig.REGION_LOCAL, "us-east", InPrimaryRegionConfig.UNKNOWN_TENANT, "keep")));

        assertThat(second.source()).isSameAs(first.source());
        assertThat(registry.openSources()).isEqualTo(1);
        assertThat(mbeans.getAttribute(name, "Tenants")).isEqualTo(2);
        assertThat(mbeans.getAttribute(name, "RefreshFailures")).isEqualTo(0L);
        assertThat((Long) mbeans.getAttribute(name, "LastSuccessMs")).isPositive();

        first.close();
        first.close();
        assertThat(registry.openSources()).isEqualTo(1);
        assertThat(mbeans.isRegistered(name)).isTrue();
        assertThat(second.current()).containsEntry("acme", "eu-west");

        second.close();
        assertThat(registry.openSources()).isZero();
        assertThat(mbeans.isRegistered(name)).isFalse();
    }

    @Test
    void differentSourceSettingsAreDifferentSources() {
        try (RegionMapRegistry.Lease a = registry.acquire(spec(Map.of()));
             RegionMapRegistry.Lease b = registry.acquire(spec(Map.of(InPrimaryRegionConfig.REFRESH_INTERVAL_MS, "1000")))) {
            assertThat(b.source()).isNotSameAs(a.source());
            assertThat(registry.openSources()).isEqualTo(2);
        }
        assertThat(registry.openSources()).isZero();
    }

    @Test
    void theIdentityHoldsADigestOfSecretsNotTheSecrets() {
        Map<String, String> http = Map.of(InPrimaryRegionConfig.REGION_SOURCE, "http",
                InPrimaryRegionConfig.HTTP_URL, "https://config.example/regions");
        RegionSourceSpec one = spec(merge(http, Map.of(InPrimaryRegionConfig.HTTP_BEARER_TOKEN, "token-one")));
        RegionSourceSpec two = spec(merge(http, Map.of(InPrimaryRegionConfig.HTTP_BEARER_TOKEN, "token-two")));

        assertThat(one).isNotEqualTo(two);
        assertThat(one.description()).isEqualTo("http:https://config.example/regions").isEqualTo(two.description());
        assertThat(one.toString()).doesNotContain("token-one");
        assertThat(RegionMapRegistry.objectName(one).toString()).doesNotContain("token-one");
        assertThat(one).isEqualTo(spec(merge(http, Map.of(InPrimaryRegionConfig.HTTP_BEARER_TOKEN, "token-one"))));
    }

    @Test
    void aSourceThatCannotStartLeavesNothingBehindAndCanBeRetried() throws IOException {
        Files.delete(file);
        RegionSourceSpec spec = spec(Map.of());

        assertThatThrownBy(() -> registry.acquire(spec)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("No region map could be loaded");
        assertThat(registry.openSources()).isZero();
        assertThat(mbeans.isRegistered(RegionMapRegistry.objectName(spec))).isFalse();

        Files.writeString(file, "{\"acme\":\"eu-west\"}", StandardCharsets.UTF_8);
        try (RegionMapRegistry.Lease lease = registry.acquire(spec)) {
            assertThat(lease.current()).containsEntry("acme", "eu-west");
        }
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new HashMap<>(a);
        merged.putAll(b);
        return merged;
    }
}
