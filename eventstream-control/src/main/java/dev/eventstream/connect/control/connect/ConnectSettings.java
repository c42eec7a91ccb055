package dev.eventstream.connect.control.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How to reach a Connect cluster's REST API: its URL, an optional basic-auth user, the TLS context for an https
 * URL (null: the JVM's default trust), and the timeout of each request.
 */
public record ConnectSettings(URI url, String username, String password, SSLContext sslContext, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ConnectSettings {
        Objects.requireNonNull(url, "url");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static ConnectSettings of(String url) {
        return new ConnectSettings(URI.create(url), null, null, null, null);
    }

    @Override
    public String toString() {
        return "ConnectSettings[url=" + url + ", username=" + username + ", timeout=" + timeout + "]";
    }
}
