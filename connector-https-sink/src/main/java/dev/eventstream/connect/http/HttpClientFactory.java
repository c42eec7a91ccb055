package dev.eventstream.connect.http;

import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.TlsVersion;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds the task's OkHttp client from the config: timeouts, TLS, proxy, no redirects, a bounded pool. */
final class HttpClientFactory {

    private HttpClientFactory() {
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
                .connectionPool(new ConnectionPool(config.maxInFlightRequests() + 1, 5, TimeUnit.MINUTES))
                .connectionSpecs(List.of(spec))
                .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                .sslSocketFactory(tls.socketFactory(), tls.trustManager());
        String proxy = config.proxy();
        if (!proxy.isEmpty()) {
            int colon = proxy.lastIndexOf(':');
            builder.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.substring(0, colon),
                    Integer.parseInt(proxy.substring(colon + 1)))));
        }
        return builder.build();
    }

    static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
