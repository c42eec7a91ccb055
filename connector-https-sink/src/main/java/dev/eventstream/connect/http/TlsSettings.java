package dev.eventstream.connect.http;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS material for the HTTP client: a trust manager (configured trust store, or the JVM's CAs) and an optional
 * client key for mutual TLS, from JKS, PKCS12 or PEM files. Hostname verification is left to the HTTP client and
 * is always on; nothing here trusts all certificates.
 */
final class TlsSettings {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

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
                    "Cannot create a TLS context: " + e.getMessage());
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
        String location = config.truststoreLocation();
        KeyStore store = null;
        if (location != null) {
            String type = config.truststoreType();
            try {
                store = "PEM".equals(type)
                        ? pemTrustStore(Path.of(location))
                        : load(HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION, location, type, config.truststorePassword());
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException(HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION, location,
                        "Cannot load trust store " + location + " (" + type + "): " + e.getMessage());
            }
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager) {
                    return (X509TrustManager) tm;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION, location,
                    "Cannot initialise trust manager: " + e.getMessage());
        }
        throw new ConfigException(HttpsSinkConfig.SSL_TRUSTSTORE_LOCATION, location, "No X.509 trust manager available");
    }

    private static KeyManager[] keyManagers(HttpsSinkConfig config) {
        String location = config.keystoreLocation();
        if (location == null) {
            return null;
        }
        String type = config.keystoreType();
        Password keyPassword = config.keyPassword() != null ? config.keyPassword() : config.keystorePassword();
        char[] keyChars = keyPassword == null ? new char[0] : keyPassword.value().toCharArray();
        try {
            KeyStore store = "PEM".equals(type)
                    ? pemKeyStore(Path.of(location), keyPassword, keyChars)
                    : load(HttpsSinkConfig.SSL_KEYSTORE_LOCATION, location, type, config.keystorePassword());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, keyChars);
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(HttpsSinkConfig.SSL_KEYSTORE_LOCATION, location,
                    "Cannot load key store " + location + " (" + type + "): " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, Password password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        char[] chars = password == null ? null : password.value().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, chars);
        }
        return store;
    }

    private static KeyStore pemTrustStore(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = factory.generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in PEM file");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    private static KeyStore pemKeyStore(Path file, Password keyPassword, char[] keyChars)
            throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        PrivateKey key = null;
        List<Certificate> chain = new ArrayList<>();
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if ("CERTIFICATE".equals(label)) {
                chain.add(certificates.generateCertificate(new java.io.ByteArrayInputStream(der)));
            } else if ("PRIVATE KEY".equals(label)) {
                key = privateKey(new PKCS8EncodedKeySpec(der));
            } else if ("ENCRYPTED PRIVATE KEY".equals(label)) {
                if (keyPassword == null) {
                    throw new GeneralSecurityException("the PEM key is encrypted but " + HttpsSinkConfig.SSL_KEY_PASSWORD
                            + " is not set");
                }
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
                SecretKeyFactory skf = SecretKeyFactory.getInstance(info.getAlgName());
                key = privateKey(info.getKeySpec(skf.generateSecret(new PBEKeySpec(keyChars))));
            } else {
                throw new GeneralSecurityException("unsupported PEM block '" + label
                        + "' (expected PRIVATE KEY, ENCRYPTED PRIVATE KEY, CERTIFICATE)");
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new GeneralSecurityException("a PEM key store needs a PKCS#8 private key and its certificate chain");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, keyChars, chain.toArray(new Certificate[0]));
        return store;
    }

    private static PrivateKey privateKey(PKCS8EncodedKeySpec spec) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm", last);
    }
}
