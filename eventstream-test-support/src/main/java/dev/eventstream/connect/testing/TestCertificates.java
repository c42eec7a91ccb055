package dev.eventstream.connect.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import okhttp3.tls.HeldCertificate;

/**
 * A throw-away PKI made at test time: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and a client certificate for mTLS, all signed by the CA. The files a connector
 * needs (truststore, client keystore) are written in every format the connectors accept: PKCS12, JKS
 * and PEM.
 */
public final class TestCertificates {

    /** The password of every store written here; PEM key files are not encrypted. */
    public static final String PASSWORD = "changeit";

    /** The format of a store file, named as Kafka's {@code ssl.*.type} configs name them. */
    public enum StoreType { PKCS12, JKS, PEM }

    private final HeldCertificate authority;
    private final HeldCertificate server;
    private final HeldCertificate client;
    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.authority = new HeldCertificate.Builder()
            .commonName("Event Stream Test CA")
            .certificateAuthority(0)
            .duration(1, TimeUnit.DAYS)
            .build();
        this.server = serverCertificate(authority);
        this.client = new HeldCertificate.Builder()
            .commonName("eventstream-connector")
            .duration(1, TimeUnit.DAYS)
            .signedBy(authority)
            .build();
    }

    private TestCertificates(TestCertificates rotated) {
        this.directory = rotated.directory;
        this.authority = rotated.authority;
        this.server = serverCertificate(authority);
        this.client = rotated.client;
    }

    private static HeldCertificate serverCertificate(HeldCertificate authority) {
        return new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .duration(1, TimeUnit.DAYS)
            .signedBy(authority)
            .build();
    }

    /** Makes a new CA, server and client certificate and writes their stores into a new temp directory. */
    public static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("eventstream-tls-");
            dir.toFile().deleteOnExit();
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same CA, truststores and client certificate, with a new server certificate (new key, new serial) for the
     * same names, signed by the same CA: what a receiver presents after a certificate rotation.
     */
    public TestCertificates withNewServerCertificate() {
        return new TestCertificates(this);
    }

    /** The server certificate, e.g. to tell which one a TLS handshake presented. */
    public X509Certificate serverCertificate() {
        return server.certificate();
    }

    /** A truststore holding the CA that signed the receiver's certificate, in the given format. */
    public Path truststore(StoreType type) {
        Path file = directory.resolve("truststore." + extension(type));
        if (Files.notExists(file)) {
            if (type == StoreType.PEM) {
                writeString(file, authority.certificatePem());
            } else {
                writeStore(file, trustStore(type.name()));
            }
        }
        return file;
    }

    /** The client's certificate and private key (for mTLS), in the given format. */
    public Path clientKeystore(StoreType type) {
        Path file = directory.resolve("client-keystore." + extension(type));
        if (Files.notExists(file)) {
            if (type == StoreType.PEM) {
                writeString(file, client.privateKeyPkcs8Pem() + client.certificatePem() + authority.certificatePem());
            } else {
                writeStore(file, keyStore(type.name(), client));
            }
        }
        return file;
    }

    /** The common name of the client certificate, as the receiver reports it. */
    public String clientCommonName() {
        return "eventstream-connector";
    }

    /** The server side: the server certificate as key material, the CA as trust for client certificates. */
    public SSLContext serverSslContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore("PKCS12", server), PASSWORD.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore("PKCS12"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the receiver's TLS context", e);
        }
    }

    /** A client context that trusts the test CA (for test code that talks to the receiver itself). */
    public SSLContext clientSslContext(boolean presentClientCertificate) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore("PKCS12"));
            KeyManagerFactory kmf = null;
            if (presentClientCertificate) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore("PKCS12", client), PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a client TLS context", e);
        }
    }

    private KeyStore trustStore(String type) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setCertificateEntry("eventstream-test-ca", authority.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a " + type + " truststore", e);
        }
    }

    private KeyStore keyStore(String type, HeldCertificate holder) {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            Certificate[] chain = {holder.certificate(), authority.certificate()};
            store.setKeyEntry("key", holder.keyPair().getPrivate(), PASSWORD.toCharArray(), chain);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a " + type + " keystore", e);
        }
    }

    private static void writeStore(Path file, KeyStore store) {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write " + file, e);
        }
    }

    private static void writeString(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(StoreType type) {
        return switch (type) {
            case PKCS12 -> "p12";
            case JKS -> "jks";
            case PEM -> "pem";
        };
    }
}
