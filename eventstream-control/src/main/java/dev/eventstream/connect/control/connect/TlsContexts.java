package dev.eventstream.connect.control.connect;

import dev.eventstream.connect.common.tls.KeyStores;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * SSL contexts for the Connect REST client: a trust store and an optional client key store, read by the suite's
 * {@link KeyStores} with the type given by the file's extension (.pem/.crt PEM, .jks JKS, else PKCS12).
 */
public final class TlsContexts {

    static final String TRUSTSTORE_OPTION = "--truststore";
    static final String KEYSTORE_OPTION = "--keystore";

    private TlsContexts() {
    }

    /**
     * @param truststore a PKCS12/JKS store, or a PEM file of certificates (by its .pem/.crt extension); null: JVM default
     * @param keystore   a PKCS12/JKS store (or PEM key and chain) with the client certificate, or null
     * @throws GeneralSecurityException naming the CLI option and the file, with the reason
     */
    public static SSLContext create(Path truststore, char[] truststorePassword, Path keystore, char[] keystorePassword)
        throws IOException, GeneralSecurityException {
        try {
            KeyStore trust = truststore == null ? null : KeyStores.trustStore(TRUSTSTORE_OPTION, truststore.toString(),
                typeOf(truststore), TRUSTSTORE_OPTION + "-password", password(truststorePassword));
            KeyManagerFactory keys = null;
            if (keystore != null) {
                Password keyPassword = password(keystorePassword);
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(KeyStores.keyStore(KEYSTORE_OPTION, keystore.toString(), typeOf(keystore), keyPassword,
                    KEYSTORE_OPTION + "-password", null), KeyStores.keyPasswordChars(null, keyPassword));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(),
                new TrustManager[] {KeyStores.trustManager(trust)}, null);
            return context;
        } catch (ConfigException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static String typeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            return "PEM";
        }
        return name.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static Password password(char[] chars) {
        return chars == null ? null : new Password(new String(chars));
    }
}
