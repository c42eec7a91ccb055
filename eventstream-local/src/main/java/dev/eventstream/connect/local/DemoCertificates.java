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
 * The demo receiver's PKI: a local CA and a certificate for {@code localhost} signed by it, made on the
 * first start and kept in the state directory. Connectors trust the CA through {@code truststore.p12}
 * (TLS verification stays on, as against a real endpoint); the store password is in the secrets file.
 */
final class DemoCertificates {

    static final String TRUSTSTORE_PASSWORD_KEY = "demo.truststore.password";
    private static final String KEYSTORE_PASSWORD_KEY = "demo.keystore.password";

    private final Path keystore;
    private final Path truststore;
    private final String keystorePassword;

    private DemoCertificates(Path keystore, Path truststore, String keystorePassword) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.keystorePassword = keystorePassword;
    }

    static DemoCertificates loadOrCreate(StateDirectory state) {
        Path dir = state.tls();
        Path keystore = dir.resolve("receiver.p12");
        Path truststore = dir.resolve("truststore.p12");
        String keystorePassword = state.secret(KEYSTORE_PASSWORD_KEY, StateDirectory::randomToken);
        String truststorePassword = state.secret(TRUSTSTORE_PASSWORD_KEY, StateDirectory::randomToken);
        if (Files.notExists(keystore) || Files.notExists(truststore)) {
            create(dir, keystore, truststore, keystorePassword, truststorePassword);
        }
        return new DemoCertificates(keystore, truststore, keystorePassword);
    }

    Path truststore() {
        return truststore;
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
