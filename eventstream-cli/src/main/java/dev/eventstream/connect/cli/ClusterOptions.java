package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectSettings;
import dev.eventstream.connect.control.connect.TlsContexts;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/** How to reach the cluster: the Connect REST API (URL, basic auth, TLS, timeout) and Kafka (for topics, DLQ depth, lag). */
final class ClusterOptions {

    @Option(names = "--connect-url", paramLabel = "URL",
        description = "Connect REST URL (env EVENTSTREAM_CONNECT_URL; default: connect.url of deployment.json).")
    String connectUrl;

    @Option(names = "--connect-user", paramLabel = "USER", description = "Basic-auth user of the REST API (env EVENTSTREAM_CONNECT_USER).")
    String user;

    @Option(names = "--connect-password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
        description = "Basic-auth password (env EVENTSTREAM_CONNECT_PASSWORD; prompted when given without a value).")
    char[] password;

    @Option(names = "--truststore", paramLabel = "FILE",
        description = "Trust store (PKCS12, JKS, or PEM by extension) for an https Connect URL (env EVENTSTREAM_TRUSTSTORE).")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "(env EVENTSTREAM_TRUSTSTORE_PASSWORD)")
    char[] truststorePassword;

    @Option(names = "--keystore", paramLabel = "FILE",
        description = "Client certificate key store (PKCS12, JKS, or PEM key + chain by extension) for mutual TLS (env EVENTSTREAM_KEYSTORE).")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", description = "(env EVENTSTREAM_KEYSTORE_PASSWORD)")
    char[] keystorePassword;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "Timeout of each REST and Kafka request, in seconds (default: ${DEFAULT-VALUE}; env EVENTSTREAM_TIMEOUT).")
    int timeoutSeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
        description = "Kafka bootstrap servers, to create DLQ and demux topics and read DLQ depth and lag "
            + "(env EVENTSTREAM_BOOTSTRAP_SERVERS; default: kafka.bootstrapServers of deployment.json).")
    String bootstrapServers;

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    ConnectClient connect(ControlPlane plane) {
        URI url = restUrl(() -> plane);
        SSLContext ssl = null;
        if (truststore != null || keystore != null) {
            try {
                ssl = TlsContexts.create(truststore, truststorePassword, keystore, keystorePassword);
            } catch (IOException | GeneralSecurityException e) {
                throw new CliException(ExitCodes.INVALID, "Cannot read the trust or key store: " + e.getMessage());
            }
        }
        return new ConnectClient(new ConnectSettings(url, user,
            password == null ? null : new String(password), ssl, timeout()));
    }

    /**
     * The Connect REST URL: the flag (or its variable), else {@code connect.url} of deployment.json, read only when
     * needed. A value that is not an http(s) URL with a host is a usage error naming where it came from.
     */
    URI restUrl(Supplier<ControlPlane> plane) {
        String url = connectUrl != null ? connectUrl : plane.get().deployment().connect().url();
        String source = connectUrl != null ? "--connect-url (env EVENTSTREAM_CONNECT_URL)" : "connect.url of deployment.json";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw notAnHttpUrl(url, source);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw notAnHttpUrl(url, source);
        }
        return uri;
    }

    private static CliException notAnHttpUrl(String url, String source) {
        return new CliException(ExitCodes.INVALID, "'" + url + "' (" + source + ") is not an http:// or https:// URL "
            + "with a host. Fix: write it as e.g. http://localhost:8083");
    }

    KafkaTopics kafka(ControlPlane plane) {
        return KafkaTopics.connect(bootstrapServers(plane), Map.of(), timeout());
    }

    String bootstrapServers(ControlPlane plane) {
        return bootstrapServers != null ? bootstrapServers : plane.deployment().kafka().bootstrapServers();
    }
}
