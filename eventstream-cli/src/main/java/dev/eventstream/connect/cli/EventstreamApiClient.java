package dev.eventstream.connect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.control.connect.ClusterUnreachableException;
import dev.eventstream.connect.control.connect.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * A client of a worker's {@code /eventstream} routes (the REST extension), reached like the Connect REST API
 * ({@link ClusterOptions}: URL, basic auth, TLS, timeout) plus an API token. An error answer becomes a
 * {@link CliException} with the API's message and the field it names.
 */
final class EventstreamApiClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final ClusterOptions cluster;
    private final String token;
    private final HttpClient http;

    EventstreamApiClient(URI connectUrl, ClusterOptions cluster, String token) {
        String url = connectUrl.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.cluster = cluster;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(cluster.timeout());
        if (cluster.truststore != null || cluster.keystore != null) {
            try {
                builder.sslContext(TlsContexts.create(cluster.truststore, cluster.truststorePassword, cluster.keystore,
                    cluster.keystorePassword));
            } catch (IOException | GeneralSecurityException e) {
                throw new CliException(ExitCodes.INVALID, "Cannot read the trust or key store: " + e.getMessage());
            }
        }
        this.http = builder.build();
    }

    /** The answer's body; {@code accept} is the media type asked for. */
    String send(String method, String pathAndQuery, String jsonBody, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(cluster.timeout())
            .header("Accept", accept)
            .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (cluster.user != null) {
            String credentials = cluster.user + ":" + (cluster.password == null ? "" : new String(cluster.password));
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (token != null && !token.isEmpty()) {
            request.header("X-EventStream-Token", token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClusterUnreachableException("Cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "Interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw error(response);
        }
        return response.body();
    }

    JsonNode json(String method, String pathAndQuery, String jsonBody) {
        try {
            return MAPPER.readTree(send(method, pathAndQuery, jsonBody, "application/json"));
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "The answer of " + pathAndQuery + " is not JSON: " + e.getMessage());
        }
    }

    private static CliException error(HttpResponse<String> response) {
        int code = response.statusCode() == 400 || response.statusCode() == 404 ? ExitCodes.INVALID : ExitCodes.FAILED;
        try {
            JsonNode error = MAPPER.readTree(response.body());
            String path = error.path("path").asText("");
            return new CliException(code, "HTTP " + response.statusCode() + ": " + error.path("message").asText(response.body())
                + (path.isEmpty() ? "" : " (" + path + ")"));
        } catch (IOException e) {
            return new CliException(code, "HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
