package dev.eventstream.connect.control.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.control.model.ConnectorState;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a scripted HTTP peer (the real cluster is in the CLI's IT). */
class ConnectClientTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private MockWebServer server;
    private ConnectClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = new ConnectClient(new ConnectSettings(server.url("/").uri(), "ops", "pw", null, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void validationErrorsArePerKey() throws Exception {
        server.enqueue(json(200, """
            {"name": "x", "error_count": 1, "configs": [
              {"definition": {"name": "http.url"}, "value": {"name": "http.url", "value": "http://a", "errors": ["http.url must use https"]}},
              {"definition": {"name": "tasks.max"}, "value": {"name": "tasks.max", "value": "1", "errors": []}}]}"""));
        ConfigValidation validation = client.validate("es-acme-crm", Map.of("connector.class", "dev.eventstream.connect.http.HttpsSinkConnector"));
        assertThat(validation.ok()).isFalse();
        assertThat(validation.errors()).containsExactly(Map.entry("http.url", List.of("http.url must use https")));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getPath()).isEqualTo("/connector-plugins/dev.eventstream.connect.http.HttpsSinkConnector/config/validate");
        assertThat(MAPPER.readTree(request.getBody().readUtf8()).get("name").asText()).isEqualTo("es-acme-crm");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic b3BzOnB3");
    }

    @Test
    void createSendsTheInitialState() throws Exception {
        server.enqueue(json(201, "{}"));
        client.create("es-acme-crm", Map.of("connector.class", "c"), ConnectorState.stopped);
        JsonNode body = MAPPER.readTree(server.takeRequest().getBody().readUtf8());
        assertThat(body.get("initial_state").asText()).isEqualTo("STOPPED");
        assertThat(body.get("config").get("connector.class").asText()).isEqualTo("c");
    }

    @Test
    void connectorsAreReadWithConfigAndStatusInOneRequest() throws Exception {
        server.enqueue(json(200, """
            {"es-acme-crm": {"info": {"name": "es-acme-crm", "config": {"tasks.max": "2", "name": "es-acme-crm"}},
              "status": {"connector": {"state": "RUNNING", "worker_id": "w1"},
                         "tasks": [{"id": 0, "state": "FAILED", "worker_id": "w1", "trace": "java.lang.Boom\\n\\tat x"}]}}}"""));
        Map<String, LiveConnector> live = client.connectors();
        assertThat(live.get("es-acme-crm").config()).containsEntry("tasks.max", "2");
        assertThat(live.get("es-acme-crm").status().anyTaskFailed()).isTrue();
        assertThat(live.get("es-acme-crm").status().tasks().get(0).trace()).startsWith("java.lang.Boom");
        assertThat(server.takeRequest().getPath()).isEqualTo("/connectors?expand=info&expand=status");
    }

    @Test
    void stateChangesUseResumePauseAndStop() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(202));
        }
        client.setState("a", ConnectorState.paused);
        client.setState("a", ConnectorState.stopped);
        client.setState("a", ConnectorState.running);
        assertThat(List.of(server.takeRequest().getPath(), server.takeRequest().getPath(), server.takeRequest().getPath()))
            .containsExactly("/connectors/a/pause", "/connectors/a/stop", "/connectors/a/resume");
    }

    @Test
    void anErrorStatusCarriesConnectsMessage() {
        server.enqueue(json(409, "{\"error_code\": 409, \"message\": \"Cannot complete request because of a conflicting operation\"}"));
        assertThatThrownBy(() -> client.putConfig("a", Map.of()))
            .isInstanceOf(ConnectApiException.class)
            .hasMessage("PUT /connectors/a/config answered 409: Cannot complete request because of a conflicting operation");
    }

    @Test
    void aClusterThatIsNotThereIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectClient nowhere = new ConnectClient(ConnectSettings.of("http://127.0.0.1:" + port));
        assertThatThrownBy(nowhere::connectors).isInstanceOf(ClusterUnreachableException.class)
            .hasMessageStartingWith("Cannot reach the Connect REST API at http://127.0.0.1:" + port);
    }

    @Test
    void aMissingConnectorHasNoStatus() {
        server.enqueue(json(404, "{\"error_code\": 404, \"message\": \"Connector x not found\"}"));
        assertThat(client.status("x")).isEmpty();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }
}
