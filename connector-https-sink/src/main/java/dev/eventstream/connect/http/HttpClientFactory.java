package dev.eventstream.connect.http;

import dev.eventstream.connect.common.SharedResources;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.TlsVersion;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * The tasks' OkHttp clients, shared per worker: tasks whose endpoint (scheme, host, port) and transport settings
 * (timeouts, proxy, TLS material, requests in flight) are equal use one client, so they share its connections (one
 * HTTP/2 connection, or a few HTTP/1.1 ones, instead of a pool per task) and one TLS context. A client is
 * reference-counted: the last task that uses it evicts its idle connections when it stops. Clients with different
 * TLS settings never share a connection: OkHttp reuses a connection only for an equal {@code Address}, which holds
 * the SSL socket factory, hostname verifier, proxy, protocols and connection specs (OkHttp's {@code
 * Address.equalsNonHost}). Calls are synchronous ({@code Call.execute()} on the worker's {@link SenderPool}), so the
 * dispatcher never starts a thread and its per-host limits do not apply: a slow endpoint holds only its own requests'
 * sender threads and connections.
 */
final class HttpClientFactory {

    /** How long an idle connection is kept for the next request (OkHttp's default). */
    static final long KEEP_ALIVE_MINUTES = 5;

    private static final Logger LOG = LoggerFactory.getLogger(HttpClientFactory.class);
    private static final SharedResources<Key, OkHttpClient> CLIENTS = new SharedResources<>(client -> {
        client.connectionPool().evictAll();
        LOG.debug("HTTP client closed: no task uses it any more");
    });

    private HttpClientFactory() {
    }

    /**
     * The client of {@code config}'s endpoint and transport settings, made (TLS material loaded) when no task uses
     * it yet. Close the lease when the task stops.
     * @throws org.apache.kafka.common.config.ConfigException when the TLS material cannot be loaded
     */
    static SharedClient acquire(HttpsSinkConfig config) {
        Key key = Key.of(config);
        return new SharedClient(CLIENTS.acquire(key, () -> create(config, TlsSettings.forConfig(config))), key.transport());
    }

    /** How many tasks use the client of {@code config}'s settings; 0 when none. */
    static int users(HttpsSinkConfig config) {
        return CLIENTS.users(Key.of(config));
    }

    static OkHttpClient create(HttpsSinkConfig config, TlsSettings tls) {
        TlsVersion[] versions = tls.protocols().stream().map(TlsVersion::forJavaName).toArray(TlsVersion[]::new);
        ConnectionSpec spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(versions).build();
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeoutMs(), TimeUnit.MILLISECONDS)
                .readTimeout(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .callTimeout(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                // a redirected POST would silently become a GET: a 3xx is reported, never followed
                .followRedirects(false)
                .followSslRedirects(false)
                // room for two tasks of a connector at full concurrency; past that the longest idle are closed
                .connectionPool(new ConnectionPool(2 * (config.maxInFlightRequests() + 1), KEEP_ALIVE_MINUTES,
                        TimeUnit.MINUTES))
                .connectionSpecs(List.of(spec))
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .socketFactory(new NoDelaySocketFactory())
                .sslSocketFactory(tls.socketFactory(), tls.trustManager());
        String proxy = config.proxy();
        if (!proxy.isEmpty()) {
            int colon = proxy.lastIndexOf(':');
            builder.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.substring(0, colon),
                    Integer.parseInt(proxy.substring(colon + 1)))));
        }
        return builder.build();
    }

    /**
     * Everything a client is made of apart from the endpoint: tasks with equal transports may share a client per
     * endpoint, and an OAuth2 token source per credential. Secrets and TLS files are in it only as fingerprints (a
     * changed truststore file makes a new transport, so a rotated CA is picked up by the next task started).
     */
    record Transport(long connectTimeoutMs, long requestTimeoutMs, int maxInFlight, String proxy, List<String> protocols,
                     String truststore, String keystore) {

        static Transport of(HttpsSinkConfig config) {
            return new Transport(config.connectTimeoutMs(), config.requestTimeoutMs(), config.maxInFlightRequests(),
                    config.proxy(), List.copyOf(config.enabledProtocols()),
                    fingerprint(config.truststoreLocation(), config.truststoreType(), config.truststorePassword(), null),
                    fingerprint(config.keystoreLocation(), config.keystoreType(), config.keystorePassword(),
                            config.keyPassword()));
        }

        private static String fingerprint(String location, String type, Password password, Password keyPassword) {
            if (location == null) {
                return "";
            }
            Path file = Path.of(location);
            String stamp;
            try {
                stamp = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                stamp = "unreadable";
            }
            return location + "|" + type + "|" + stamp + "|" + digest(password) + "|" + digest(keyPassword);
        }
    }

    /** A secret's SHA-256, to tell secrets apart in a key without holding them; "" for none. */
    static String digest(Password secret) {
        if (secret == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.value().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** One client per endpoint and transport. */
    private record Key(String endpoint, Transport transport) {
        static Key of(HttpsSinkConfig config) {
            URI url = config.url();
            return new Key(url.getScheme() + "://" + url.getHost() + ":" + url.getPort(), Transport.of(config));
        }
    }

    /** A task's use of a shared client: {@link #close()} when the task stops; closing twice is harmless. */
    static final class SharedClient implements AutoCloseable {
        private final SharedResources<Key, OkHttpClient>.Lease lease;
        private final Transport transport;

        private SharedClient(SharedResources<Key, OkHttpClient>.Lease lease, Transport transport) {
            this.lease = lease;
            this.transport = transport;
        }

        OkHttpClient client() {
            return lease.get();
        }

        Transport transport() {
            return transport;
        }

        @Override
        public void close() {
            lease.close();
        }
    }

    /**
     * Plain sockets with TCP_NODELAY. A request body ends in a partial segment; with Nagle's algorithm on, it
     * waits for the ACK of the previous one, which the receiver delays (about 40 ms on Linux): measured here,
     * 55 ms per 40 KB request instead of a few.
     */
    static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory plain = SocketFactory.getDefault();

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
