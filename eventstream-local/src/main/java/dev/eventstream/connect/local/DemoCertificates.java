package dev.eventstream.connect.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HeldCertificate;

/**
 * The demo peers' PKI: a local CA and a certificate for {@code localhost} signed by it, made on the
 * first start and kept in the state directory; the demo HTTPS receiver and the demo customer's Kafka listener
 * both present it. Connectors trust the CA through {@code truststore.p12}
 * (TLS verification stays on, as against a real endpoint); the store passwords are in the secrets file.
 */
final class DemoCertificates {

    private static final String KEYSTORE_PASSWORD_KEY = "demo.receiver.keystore.password";

    private final Path keystore;
    private final Path truststore;
    private final String keystorePassword;
    private final String truststorePassword;

    private DemoCertificates(Path keystore, Path truststore, String keystorePassword, String truststorePassword) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.keystorePassword = keystorePassword;
        this.truststorePassword = truststorePassword;
    }

    /** {@code truststorePassword}: the one the deployment's truststore reference resolves to. */
    static DemoCertificates loadOrCreate(StateDirectory state, String truststorePassword) {
        Path dir = state.tls();
        Path keystore = dir.resolve("receiver.p12");
        Path truststore = dir.resolve("truststore.p12");
        String keystorePassword = state.secret(KEYSTORE_PASSWORD_KEY, StateDirectory::randomToken);
        if (Files.notExists(keystore) || Files.notExists(truststore)) {
            create(dir, keystore, truststore, keystorePassword, truststorePassword);
        }
        return new DemoCertificates(keystore, truststore, keystorePassword, truststorePassword);
    }

    /** The certificate for localhost serves the demo customer's Kafka listener as well as the receiver. */
    KraftBroker.TlsListener kafkaListener() {
        return new KraftBroker.TlsListener(keystore, keystorePassword, truststore, truststorePassword);
    }

    SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, keystorePassword.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, keystorePassword.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new StackFailure("cannot read the demo receiver's keystore " + keystore + " (" + e.getMessage()
                + "): start once with --reset to make new certificates", e);
        }
    }

    private static void create(Path dir, Path keystore, Path truststore, String keystorePassword, String truststorePassword) {
        HeldCertificate authority = new HeldCertificate.Builder()
            .commonName("Event Stream local demo CA")
            .certificateAuthority(0)
            .duration(825, TimeUnit.DAYS)
            .build();
        HeldCertificate server = new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .duration(825, TimeUnit.DAYS)
            .signedBy(authority)
            .build();
        try {
            Files.createDirectories(dir);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("receiver", server.keyPair().getPrivate(), keystorePassword.toCharArray(),
                new Certificate[] {server.certificate(), authority.certificate()});
            write(keys, keystore, keystorePassword);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("eventstream-local-ca", authority.certificate());
            write(trust, truststore, truststorePassword);
        } catch (GeneralSecurityException | IOException e) {
            throw new StackFailure("cannot write the demo receiver's certificates to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(KeyStore store, Path file, String password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
