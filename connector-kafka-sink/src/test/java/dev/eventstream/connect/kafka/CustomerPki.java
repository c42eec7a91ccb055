package dev.eventstream.connect.kafka;

import okhttp3.tls.HeldCertificate;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The TLS material of a "customer" Kafka cluster made at test time: a CA, a broker certificate for localhost, and a
 * client certificate for the connector (the broker requires one), as PKCS12 files.
 */
final class CustomerPki {

    static final String PASSWORD = "customer-secret";

    private final Path truststore;
    private final Path brokerKeystore;
    private final Path clientKeystore;

    CustomerPki() {
        HeldCertificate ca = new HeldCertificate.Builder().commonName("Customer Kafka CA").certificateAuthority(0)
                .duration(1, TimeUnit.DAYS).build();
        HeldCertificate broker = new HeldCertificate.Builder().commonName("localhost")
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
                .duration(1, TimeUnit.DAYS).signedBy(ca).build();
        HeldCertificate client = new HeldCertificate.Builder().commonName("eventstream-kafka-sink")
                .duration(1, TimeUnit.DAYS).signedBy(ca).build();
        try {
            Path dir = Files.createTempDirectory("customer-kafka-tls-");
            dir.toFile().deleteOnExit();
            truststore = write(dir.resolve("truststore.p12"), trustStore(ca));
            brokerKeystore = write(dir.resolve("broker.p12"), keyStore(broker, ca));
            clientKeystore = write(dir.resolve("client.p12"), keyStore(client, ca));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Broker settings that make the embedded cluster's client listener (EXTERNAL) TLS with required client certificates. */
    Properties brokerProperties() {
        Properties props = new Properties();
        props.put("listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT");
        props.put("ssl.keystore.location", brokerKeystore.toString());
        props.put("ssl.keystore.type", "PKCS12");
        // Password objects: EmbeddedKafkaCluster reads them back as such for its own clients
        props.put("ssl.keystore.password", new Password(PASSWORD));
        props.put("ssl.key.password", new Password(PASSWORD));
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", new Password(PASSWORD));
        props.put("ssl.client.auth", "required");
        return props;
    }

    /** Settings of a plain Kafka client of the customer cluster. */
    Map<String, String> clientProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("security.protocol", "SSL");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.password", PASSWORD);
        props.put("ssl.keystore.location", clientKeystore.toString());
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.password", PASSWORD);
        props.put("ssl.key.password", PASSWORD);
        return props;
    }

    /** The same settings as connector config keys ({@code target.} prefix). */
    Map<String, String> connectorProperties() {
        Map<String, String> props = new HashMap<>();
        clientProperties().forEach((key, value) -> props.put(KafkaSinkConfig.TARGET_PREFIX + key, value));
        return props;
    }

    private static KeyStore trustStore(HeldCertificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the truststore", e);
        }
    }

    private static KeyStore keyStore(HeldCertificate holder, HeldCertificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", holder.keyPair().getPrivate(), PASSWORD.toCharArray(),
                    new Certificate[] {holder.certificate(), ca.certificate()});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a keystore", e);
        }
    }

    private static Path write(Path file, KeyStore store) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write " + file, e);
        }
        return file;
    }
}
