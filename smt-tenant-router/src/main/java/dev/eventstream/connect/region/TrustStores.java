package dev.eventstream.connect.region;

import dev.eventstream.connect.common.tls.KeyStores;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;

/** The SSLContext of the HTTP source: always verifying, against the configured trust store or the JVM's CAs. */
final class TrustStores {

    private TrustStores() {
    }

    static SSLContext sslContext(String location, String type, Password password) {
        return KeyStores.clientContext(InPrimaryRegionConfig.HTTP_TRUSTSTORE_LOCATION, location, type,
                InPrimaryRegionConfig.HTTP_TRUSTSTORE_PASSWORD, password);
    }
}
