package dev.eventstream.connect.control.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.control.model.ConnectorState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A typed client of the Connect REST API (java.net.http, no other dependency): connectors with their configs and
 * statuses, config validation by the plugin itself, create with an initial state, update, pause, resume, stop,
 * restart and delete.
 */
public final class ConnectClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConnectSettings settings;
    private final HttpClient http;

    public ConnectClient(ConnectSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.http = builder.build();
    }

    public URI url() {
        return settings.url();
    }

    /** Every connector with its stored config and status, by name (one request: {@code ?expand=info&expand=status}). */
    public Map<String, LiveConnector> connectors() {
        JsonNode body = send("GET", "/connectors?expand=info&expand=status", null);
        Map<String, LiveConnector> connectors = new TreeMap<>();
        body.properties().forEach(entry -> {
            Map<String, String> config = stringMap(entry.getValue().path("info").path("config"));
            connectors.put(entry.getKey(), new LiveConnector(entry.getKey(), config,
                status(entry.getKey(), entry.getValue().path("status"))));
        });
        return connectors;
    }

    public Optional<ConnectorStatus> status(String name) {
        try {
            return Optional.of(status(name, send("GET", "/connectors/" + encode(name) + "/status", null)));
        } catch (ConnectApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The plugin's own validation of {@code config}; {@code name} is added as Connect requires it. */
    public ConfigValidation validate(String name, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        body.put("name", name);
        JsonNode answer = send("PUT", "/connector-plugins/" + encode(config.get("connector.class")) + "/config/validate", body);
        Map<String, List<String>> errors = new TreeMap<>();
        for (JsonNode entry : answer.path("configs")) {
            JsonNode value = entry.path("value");
            List<String> messages = new ArrayList<>();
            value.path("errors").forEach(error -> messages.add(error.asText()));
            if (!messages.isEmpty()) {
                errors.put(value.path("name").asText(), messages);
            }
        }
        return new ConfigValidation(answer.path("error_count").asInt(), errors);
    }

    /** {@code POST /connectors} with {@code initial_state} (RUNNING, PAUSED or STOPPED). */
    public void create(String name, Map<String, String> config, ConnectorState initialState) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        body.put("initial_state", initialState.connectName());
        send("POST", "/connectors", body);
    }

    /** {@code PUT /connectors/{name}/config}: creates or replaces the config. */
    public void putConfig(String name, Map<String, String> config) {
        send("PUT", "/connectors/" + encode(name) + "/config", config);
    }

    /** Pauses, resumes or stops the connector so it reaches {@code state}. */
    public void setState(String name, ConnectorState state) {
        String action = switch (state) {
            case running -> "resume";
            case paused -> "pause";
            case stopped -> "stop";
        };
        send("PUT", "/connectors/" + encode(name) + "/" + action, null);
    }

    /** Restarts the connector and, with {@code onlyFailed}, only its failed instances (KIP-745). */
    public void restart(String name, boolean onlyFailed) {
        send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=" + onlyFailed, null);
    }

    public void delete(String name) {
        send("DELETE", "/connectors/" + encode(name), null);
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url().toString().replaceAll("/+$", "") + path))
            .timeout(settings.timeout())
            .header("Accept", "application/json");
        if (settings.username() != null) {
            String credentials = settings.username() + ":" + (settings.password() == null ? "" : settings.password());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ClusterUnreachableException("Cannot reach the Connect REST API at " + settings.url() + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnreachableException("Interrupted calling " + settings.url(), e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 300) {
            String message = answer.path("message").asText(response.body());
            throw new ConnectApiException(response.statusCode(), method + " " + path.replaceAll("\\?.*", "") + " answered "
                + response.statusCode() + ": " + message);
        }
        return answer;
    }

    private static ConnectorStatus status(String name, JsonNode status) {
        JsonNode connector = status.path("connector");
        List<ConnectorStatus.TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : status.path("tasks")) {
            tasks.add(new ConnectorStatus.TaskStatus(task.path("id").asInt(), task.path("state").asText(),
                task.path("worker_id").asText(null), task.path("trace").asText(null)));
        }
        return new ConnectorStatus(name, connector.path("state").asText(null), connector.path("worker_id").asText(null),
            connector.path("trace").asText(null), tasks);
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode().put("message", body.length() > 300 ? body.substring(0, 300) : body);
        }
    }

    private static String json(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
