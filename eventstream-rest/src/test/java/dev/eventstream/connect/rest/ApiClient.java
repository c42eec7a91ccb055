package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test client of the /eventstream routes of one worker, sending a token when given one. */
final class ApiClient {

    /** A response: its status and its JSON body. */
    record Answer(int status, JsonNode json, String text) { }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    ApiClient withToken(String other) {
        return new ApiClient(base, other);
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer put(String path, String body) {
        return send("PUT", path, body);
    }

    Answer post(String path, String body) {
        return send("POST", path, body);
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * With {@code -Deventstream.api.examples=<file>}, every exchange is appended there: the real answers that
     * docs/api.md quotes.
     */
    private static void record(String method, String path, String body, String accept, HttpResponse<String> response)
        throws IOException {
        String file = System.getProperty("eventstream.api.examples");
        if (file == null) {
            return;
        }
        String text = "### " + method + " " + path + " (Accept: " + accept + ")\n"
            + (body == null ? "" : "request: " + body + "\n")
            + "status: " + response.statusCode() + "\n" + response.body() + "\n\n";
        java.nio.file.Files.writeString(java.nio.file.Path.of(file), text, java.nio.charset.StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    Answer send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Answer send(String method, String path, String body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", accept)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header(AccessTokens.TOKEN_HEADER, token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            record(method, path, body, accept, response);
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            JsonNode json = isJson && !response.body().isEmpty() ? MAPPER.readTree(response.body()) : null;
            return new Answer(response.statusCode(), json, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
