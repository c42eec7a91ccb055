package dev.eventstream.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferencesTest {

    @TempDir
    Path dir;

    @Test
    void resolvesReferencesWithTheWorkersProviders() throws IOException {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "acme.crm.whsec=whsec_c2VjcmV0Lw==\n");
        Map<String, Object> worker = Map.of("config.providers", "file",
            "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        try (ConfigReferences references = new ConfigReferences(worker)) {
            Map<String, String> resolved = references.resolve(Map.of("signing.secret", "${file:" + secrets + ":acme.crm.whsec}",
                "http.url", "https://x.example"));
            assertThat(resolved).containsEntry("signing.secret", "whsec_c2VjcmV0Lw==").containsEntry("http.url", "https://x.example");
        }
    }

    /** Connect hands a REST extension the worker config without config.providers itself, only its sub-keys. */
    @Test
    void findsTheProvidersByTheirClassKeysAsConnectHandsThemOver() throws IOException {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "pii.hash=pseudonymization-secret\n");
        Map<String, Object> worker = Map.of(
            "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        try (ConfigReferences references = new ConfigReferences(worker)) {
            assertThat(references.resolve(Map.of("fields.hash.secret", "${file:" + secrets + ":pii.hash}")))
                .containsEntry("fields.hash.secret", "pseudonymization-secret");
        }
    }

    @Test
    void aReferenceToAnUndeclaredProviderNamesItsKey() {
        try (ConfigReferences references = new ConfigReferences(Map.of())) {
            assertThatThrownBy(() -> references.resolve(Map.of("signing.secret", "${vault:acme:whsec}")))
                .isInstanceOf(ApiException.class)
                .hasMessage("signing.secret refers to a config provider this worker cannot resolve (declared: []): "
                    + "declare it in the worker's config.providers");
        }
    }

    @Test
    void aDeclaredProviderWithoutClassIsNamed() {
        assertThatThrownBy(() -> new ConfigReferences(Map.of("config.providers", "vault")))
            .isInstanceOf(ConnectException.class)
            .hasMessage("config.providers names 'vault' but config.providers.vault.class is not set");
    }
}
