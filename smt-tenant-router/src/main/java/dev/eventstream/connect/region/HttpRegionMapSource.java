package dev.eventstream.connect.region;

import org.apache.kafka.common.config.types.Password;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The map from a configuration service over HTTPS. Each refresh sends {@code GET} with
 * {@code If-None-Match: <last ETag>}; {@code 200} replaces the map (and remembers its ETag), {@code 304} keeps
 * it, anything else is a failed refresh. Redirects are not followed, so the bearer token only ever goes to the
 * configured host. The server certificate is always verified (against the configured trust store, or the
 * JVM's).
 */
final class HttpRegionMapSource extends PollingRegionMapSource {

    private static final int MAX_ERROR_EXCERPT = 200;

    private final URI url;
    private final Password bearerToken;
    private final Duration timeout;
    private final HttpClient client;
    private String etag;

    HttpRegionMapSource(URI url, Password bearerToken, Duration timeout, SSLContext sslContext,
                        Duration refreshInterval, Duration startupTimeout, Clock clock) {
        super(RegionSourceType.HTTP.configName() + ":" + describe(url), refreshInterval, startupTimeout, clock);
        this.url = url;
        this.bearerToken = bearerToken;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .sslContext(sslContext)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** scheme://host[:port]/path: user info and query string may hold secrets and are left out. */
    static String describe(URI url) {
        StringBuilder sb = new StringBuilder().append(url.getScheme()).append("://").append(url.getHost());
        if (url.getPort() != -1) {
            sb.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            sb.append(url.getRawPath());
        }
        return sb.toString();
    }

    @Override
    synchronized Map<String, String> fetch() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken.value());
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 304 && etag != null) {
            return null;
        }
        if (status != 200) {
            throw new IOException("HTTP " + status + " from " + describe(url) + excerpt(response.body()));
        }
        Map<String, String> map;
        try {
            map = RegionMapParser.parse(response.body());
        } catch (IOException e) {
            throw new IOException(describe(url) + ": " + e.getMessage(), e);
        }
        Optional<String> newEtag = response.headers().firstValue("ETag");
        etag = newEtag.orElse(null);
        return map;
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, MAX_ERROR_EXCERPT), StandardCharsets.UTF_8);
        return ": " + text.replaceAll("\\s+", " ").trim();
    }
}
