package dev.eventstream.connect.http;

import dev.eventstream.connect.common.tls.KeyStores;
import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * TLS material for the HTTP client: a trust manager (configured trust store, or the JVM's CAs) and an optional
 * client key for mutual TLS, loaded by {@link KeyStores} (JKS, PKCS12 or PEM). Hostname verification is left to the
 * HTTP client and is always on; nothing here trusts all certificates.
 */
final class TlsSettings {

    private final SSLSocketFactory socketFactory;
    private final X509TrustManager trustManager;
    private final List<String> protocols;

    private TlsSettings(SSLSocketFactory socketFactory, X509TrustManager trustManager, List<String> protocols) {
        this.socketFactory = socketFactory;
        this.trustManager = trustManager;
        this.protocols = protocols;
    }

    static TlsSettings forConfig(HttpsSinkConfig config) {
        X509TrustManager trustManager = trustManager(config);
        KeyManager[] keyManagers = keyManagers(config);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[]{trustManager}, null);
            return new TlsSettings(context.getSocketFactory(), trustManager, List.copyOf(config.enabledProtocols()));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(HttpsSinkConfig.SSL_ENABLED_PROTOCOLS, config.enabledProtocols(),
                    "cannot create a TLS context (" + e.getMessage() + ")");
        }
    }

    SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    X509TrustManager trustManager() {
        return trustManager;
    }

    List<String> protocols() {
        return protocols;
    }

    private static X509TrustManager trustManager(HttpsSinkConfig config) {
        KeyStore store = KeyStores.trustStore(HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION, config.truststoreLocation(),
                config.truststoreType(), HttpsSinkConfig.SSL_TRUSTSTORE_PASSWORD, config.truststorePassword());
        try {
            return KeyStores.trustManager(store);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION, config.truststoreLocation(),
                    "cannot initialise a trust manager (" + e.getMessage() + ")");
        }
    }

    private static KeyManager[] keyManagers(HttpsSinkConfig config) {
        KeyStore store = KeyStores.keyStore(HttpsSinkConfig.SSL_KEYSTORE_LOCATION, config.keystoreLocation(),
                config.keystoreType(), config.keystorePassword(), HttpsSinkConfig.SSL_KEY_PASSWORD, config.keyPassword());
        if (store == null) {
            return null;
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, KeyStores.keyPasswordChars(config.keyPassword(), config.keystorePassword()));
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigException(HttpsSinkConfig.SSL_KEYSTORE_LOCATION, config.keystoreLocation(),
                    "cannot use the key store's key (" + e.getMessage() + "): check " + HttpsSinkConfig.SSL_KEY_PASSWORD);
        }
    }
}
