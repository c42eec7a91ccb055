package dev.eventstream.connect.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against stores the JDK's keytool makes: a key pair for localhost, its certificate as PKCS12, JKS and PEM. */
class KeyStoresTest {

    private static final Password PASSWORD = new Password("changeit");

    @TempDir
    static Path dir;
    private static X509Certificate certificate;

    @BeforeAll
    static void makeStores() throws Exception {
        Path keyPair = dir.resolve("client.p12");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyPair.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "client", "-keystore", keyPair.toString(), "-storepass", "changeit", "-rfc",
                "-file", dir.resolve("ca.pem").toString());
        for (String type : List.of("PKCS12", "JKS")) {
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve("ca.pem").toString(),
                    "-storetype", type, "-keystore", dir.resolve("trust." + type).toString(), "-storepass", "changeit");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyPair)) {
            store.load(in, PASSWORD.value().toCharArray());
        }
        certificate = (X509Certificate) store.getCertificate("client");
        PrivateKey key = (PrivateKey) store.getKey("client", PASSWORD.value().toCharArray());
        Files.writeString(dir.resolve("client.pem"), pem("PRIVATE KEY", key.getEncoded())
                + Files.readString(dir.resolve("ca.pem")), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS", "pem"})
    void aTrustStoreOfEachTypeTrustsItsCertificate(String type) throws Exception {
        String file = dir.resolve("PEM".equalsIgnoreCase(type) ? "ca.pem" : "trust." + type).toString();
        KeyStore store = KeyStores.trustStore("k.location", file, type, "k.password",
                "PEM".equalsIgnoreCase(type) ? null : PASSWORD);

        X509TrustManager manager = KeyStores.trustManager(store);

        assertThat(manager.getAcceptedIssuers()).containsExactly(certificate);
        manager.checkServerTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA");
    }

    @Test
    void aPemKeyStoreHoldsTheKeyAndItsChain() throws Exception {
        KeyStore store = KeyStores.keyStore("k.location", dir.resolve("client.pem").toString(), "PEM", null,
                "k.key.password", null);

        assertThat(Collections.list(store.aliases())).containsExactly("client");
        assertThat(store.isKeyEntry("client")).isTrue();
        assertThat(store.getCertificateChain("client")).containsExactly((Certificate) certificate);
    }

    @Test
    void withoutALocationTheJvmDefaultsApply() throws Exception {
        assertThat(KeyStores.trustStore("k.location", null, "PKCS12", "k.password", null)).isNull();
        assertThat(KeyStores.trustManager(null).getAcceptedIssuers()).isNotEmpty();
        SSLContext context = KeyStores.clientContext("k.location", null, "PKCS12", "k.password", null);
        assertThat(context.getProtocol()).isEqualTo("TLS");
    }

    @Test
    void aMissingFileIsAConfigErrorThatGivesTheReasonOnce() {
        String missing = dir.resolve("missing.pem").toString();

        assertThatThrownBy(() -> KeyStores.clientContext("region.http.ssl.truststore.location", missing, "PEM",
                "region.http.ssl.truststore.password", null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value " + missing + " for configuration region.http.ssl.truststore.location: "
                        + "cannot load the PEM trust store (NoSuchFileException: " + missing + "): check the file, its "
                        + "type and region.http.ssl.truststore.password");
    }

    @Test
    void aPemFileWithoutCertificatesIsRefusedAndNoPasswordIsEverQuoted() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> KeyStores.trustStore("k.location", empty.toString(), "PEM", "k.password", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot load the PEM trust store");
        assertThatThrownBy(() -> KeyStores.trustStore("k.location", dir.resolve("trust.PKCS12").toString(), "PKCS12",
                "k.password", new Password("wrong-s3cret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("k.password")
                .hasMessageNotContaining("wrong-s3cret");
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
