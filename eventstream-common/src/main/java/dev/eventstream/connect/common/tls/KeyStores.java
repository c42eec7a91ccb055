package dev.eventstream.connect.common.tls;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust stores and client key stores from files, for every plugin that opens TLS connections of its own: JKS and
 * PKCS12 (with an optional password), or PEM (X.509 certificates; for a key store, a PKCS#8 private key, optionally
 * encrypted, followed by its certificate chain). Nothing here trusts all certificates; a null trust store means the
 * JVM's default CAs. Failures are ConfigExceptions against the location key whose message gives the reason and the
 * fix once (Kafka prefixes the key and value); a password is never part of a message.
 */
public final class KeyStores {

    /** The store types accepted, as configuration values. */
    public static final List<String> TYPES = List.of("PKCS12", "JKS", "PEM");

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private KeyStores() {
    }

    /**
     * The trust store at {@code location} of {@code type} (case-insensitive); null when {@code location} is null.
     *
     * @param locationKey the configuration key of {@code location}, named in the error
     * @param passwordKey the configuration key of {@code password}, named in the fix
     */
    public static KeyStore trustStore(String locationKey, String location, String type, String passwordKey,
                                      Password password) {
        if (location == null) {
            return null;
        }
        String storeType = type.trim().toUpperCase(Locale.ROOT);
        try {
            return "PEM".equals(storeType) ? pemTrustStore(Path.of(location)) : load(Path.of(location), storeType, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(locationKey, location, "cannot load the " + storeType + " trust store ("
                    + reason(e) + "): check the file, its type and " + passwordKey);
        }
    }

    /**
     * The client key store at {@code location} of {@code type} (case-insensitive), its key protected by
     * {@code keyPassword} (the store password when null); null when {@code location} is null.
     *
     * @param keyPasswordKey the configuration key of the key password, named when an encrypted PEM key has none
     */
    public static KeyStore keyStore(String locationKey, String location, String type, Password storePassword,
                                    String keyPasswordKey, Password keyPassword) {
        if (location == null) {
            return null;
        }
        String storeType = type.trim().toUpperCase(Locale.ROOT);
        Password password = keyPassword != null ? keyPassword : storePassword;
        try {
            return "PEM".equals(storeType)
                    ? pemKeyStore(Path.of(location), password, keyPasswordKey)
                    : load(Path.of(location), storeType, storePassword);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(locationKey, location, "cannot load the " + storeType + " key store ("
                    + reason(e) + "): check the file, its type and its passwords");
        }
    }

    /** The characters of a key's password as a KeyManagerFactory wants them: empty for none. */
    public static char[] keyPasswordChars(Password keyPassword, Password storePassword) {
        Password password = keyPassword != null ? keyPassword : storePassword;
        return password == null ? new char[0] : password.value().toCharArray();
    }

    /** The X.509 trust manager of {@code trustStore}, or of the JVM's default CAs when it is null. */
    public static X509TrustManager trustManager(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    /**
     * A TLS context that verifies servers against the trust store at {@code location} (the JVM's default CAs when
     * null), without a client certificate.
     */
    public static SSLContext clientContext(String locationKey, String location, String type, String passwordKey,
                                           Password password) {
        KeyStore trustStore = trustStore(locationKey, location, type, passwordKey, password);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(trustStore)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(locationKey, location, "cannot initialise TLS with this trust store ("
                    + reason(e) + ")");
        }
    }

    private static KeyStore load(Path file, String type, Password password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.value().toCharArray());
        }
        return store;
    }

    private static KeyStore pemTrustStore(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the PEM file");
        }
        KeyStore store = emptyStore();
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        return store;
    }

    private static KeyStore pemKeyStore(Path file, Password password, String keyPasswordKey)
            throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        char[] keyChars = password == null ? new char[0] : password.value().toCharArray();
        PrivateKey key = null;
        List<Certificate> chain = new ArrayList<>();
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String label = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            if ("CERTIFICATE".equals(label)) {
                chain.add(certificates.generateCertificate(new ByteArrayInputStream(der)));
            } else if ("PRIVATE KEY".equals(label)) {
                key = privateKey(new PKCS8EncodedKeySpec(der));
            } else if ("ENCRYPTED PRIVATE KEY".equals(label)) {
                if (password == null) {
                    throw new GeneralSecurityException("the PEM key is encrypted but " + keyPasswordKey + " is not set");
                }
                EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
                SecretKeyFactory factory = SecretKeyFactory.getInstance(info.getAlgName());
                key = privateKey(info.getKeySpec(factory.generateSecret(new PBEKeySpec(keyChars))));
            } else {
                throw new GeneralSecurityException("unsupported PEM block '" + label
                        + "' (expected PRIVATE KEY, ENCRYPTED PRIVATE KEY, CERTIFICATE)");
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new GeneralSecurityException("a PEM key store needs a PKCS#8 private key and its certificate chain");
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, keyChars, chain.toArray(new Certificate[0]));
        return store;
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
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

    private static String reason(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
