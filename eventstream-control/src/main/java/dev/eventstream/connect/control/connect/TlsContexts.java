package dev.eventstream.connect.control.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** SSL contexts for the Connect REST client: a trust store (PKCS12, JKS or PEM) and an optional client key store. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * @param truststore a PKCS12/JKS store, or a PEM file of certificates (by its .pem/.crt extension); null: JVM default
     * @param keystore   a PKCS12/JKS store with the client certificate, or null
     */
    public static SSLContext create(Path truststore, char[] truststorePassword, Path keystore, char[] keystorePassword)
        throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = null;
        if (truststore != null) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(truststore, truststorePassword));
        }
        KeyManagerFactory keys = null;
        if (keystore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore, keystorePassword), keystorePassword);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path, char[] password) throws IOException, GeneralSecurityException {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(path)) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + i++, certificate);
                }
            }
            return store;
        }
        KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        return store;
    }
}
