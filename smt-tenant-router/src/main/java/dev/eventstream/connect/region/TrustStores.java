package dev.eventstream.connect.region;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the SSLContext of the HTTP source: always verifying, against a trust store or the JVM default. */
final class TrustStores {

    private TrustStores() {
    }

    static SSLContext sslContext(String location, String type, Password password) {
        try {
            if (location == null) {
                return SSLContext.getDefault();
            }
            KeyStore trustStore = load(Path.of(location), type, password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(InPrimaryRegionConfig.HTTP_TRUSTSTORE_LOCATION, location,
                    "cannot load the " + type + " trust store: " + e.getMessage());
        }
    }

    private static KeyStore load(Path path, String type, Password password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            if ("PEM".equals(type)) {
                Collection<? extends Certificate> certificates =
                        CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certificates.isEmpty()) {
                    throw new GeneralSecurityException("no certificate found in " + path);
                }
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int index = 0;
                for (Certificate certificate : certificates) {
                    store.setCertificateEntry("ca-" + index++, certificate);
                }
                return store;
            }
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.value().toCharArray());
            return store;
        }
    }
}
