package dev.eventstream.connect.control.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

    @TempDir
    Path dir;

    @Test
    void readsTheJvmsCaStoreAsAJksTrustStore() throws Exception {
        Path cacerts = Files.copy(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"),
            dir.resolve("cacerts.jks"));
        SSLContext context = TlsContexts.create(cacerts, null, null, null);
        assertThat(context.getProtocol()).isEqualTo("TLS");
    }

    @Test
    void anUnreadableTrustStoreNamesTheOptionTheFileAndThePasswordOption() throws IOException {
        Path garbage = Files.writeString(dir.resolve("ca.p12"), "not a store", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TlsContexts.create(garbage, "secret".toCharArray(), null, null))
            .isInstanceOf(GeneralSecurityException.class)
            .hasMessageStartingWith("Invalid value " + garbage + " for configuration --truststore: cannot load the PKCS12 trust store")
            .hasMessageEndingWith("check the file, its type and --truststore-password")
            .hasMessageNotContaining("secret");
    }

    @Test
    void aPemTrustStoreWithoutCertificatesAndAMissingKeyStoreAreRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("ca.pem"), "", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> TlsContexts.create(empty, null, null, null))
            .hasMessageContaining("--truststore").hasMessageContaining("PEM trust store");
        Path missing = dir.resolve("client.jks");
        assertThatThrownBy(() -> TlsContexts.create(null, null, missing, "pw".toCharArray()))
            .isInstanceOf(GeneralSecurityException.class)
            .hasMessageStartingWith("Invalid value " + missing + " for configuration --keystore: cannot load the JKS key store")
            .hasMessageNotContaining("pw)");
    }
}
