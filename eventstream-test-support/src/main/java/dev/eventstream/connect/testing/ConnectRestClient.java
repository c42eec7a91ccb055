package dev.eventstream.connect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;

/**
 * A small client of the Connect REST API, the same one ops use, for tests that drive any worker
 * (embedded or external) by its URL.
 */
public final class ConnectRestClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ConnectRestClient(URI baseUrl) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code PUT /connectors/{name}/config}: creates or updates a connector. */
    public JsonNode putConnectorConfig(String name, Map<String, String> config) {
        return send("PUT", "connectors/" + encode(name) + "/config", config);
    }

    public void deleteConnector(String name) {
        send("DELETE", "connectors/" + encode(name), null);
    }

    public JsonNode connectorStatus(String name) {
        return send("GET", "connectors/" + encode(name) + "/status", null);
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}. */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        return send("PUT", "connector-plugins/" + encode(connectorClass) + "/config/validate", config);
    }

    /** The class names {@code GET /connector-plugins?connectorsOnly=false} lists. */
    public List<String> pluginClasses() {
        JsonNode plugins = send("GET", "connector-plugins?connectorsOnly=false", null);
        List<String> classes = new ArrayList<>();
        plugins.forEach(plugin -> classes.add(plugin.path("class").asText()));
        return classes;
    }

    /** Each listed plugin's class and the version it reports, from {@code GET /connector-plugins?connectorsOnly=false}. */
    public Map<String, String> pluginVersions() {
        JsonNode plugins = send("GET", "connector-plugins?connectorsOnly=false", null);
        Map<String, String> versions = new TreeMap<>();
        plugins.forEach(plugin -> versions.put(plugin.path("class").asText(), plugin.path("version").asText()));
        return versions;
    }

    /** Waits until the connector and exactly {@code tasks} tasks report RUNNING. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        Awaitility.await("connector " + name + " running with " + tasks + " task(s)")
            .atMost(timeout)
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> {
                JsonNode status = connectorStatus(name);
                if (!"RUNNING".equals(status.path("connector").path("state").asText())) {
                    return false;
                }
                int running = 0;
                for (JsonNode task : status.path("tasks")) {
                    if ("RUNNING".equals(task.path("state").asText())) {
                        running++;
                    }
                }
                return running == tasks && status.path("tasks").size() == tasks;
            });
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + text);
            }
            return text.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
