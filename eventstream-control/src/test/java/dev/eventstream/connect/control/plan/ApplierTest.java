package dev.eventstream.connect.control.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.ExampleConfigs;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectSettings;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.Renderer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order of apply against a scripted REST peer: validation of every config first, and nothing changed on an error. */
class ApplierTest {

    private final RenderResult rendered = new Renderer().render(ControlPlane.load(ExampleConfigs.DIR));
    private MockWebServer server;
    private ConnectClient connect;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        connect = new ConnectClient(new ConnectSettings(server.url("/").uri(), null, null, null, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void aConfigTheClusterRefusesStopsTheWholeApplyBeforeAnyChange() throws InterruptedException {
        Plan plan = new Planner().plan(rendered, Map.of(), false);
        server.enqueue(valid());
        server.enqueue(new MockResponse().setResponseCode(200).setBody("""
            {"error_count": 1, "configs": [{"value": {"name": "http.url", "errors": ["http.url must use https"]}}]}"""));
        server.enqueue(valid());
        server.enqueue(valid());

        ApplyResult result = new Applier(connect, null, event -> { }).apply(plan, rendered);

        assertThat(result.ok()).isFalse();
        assertThat(result.validationErrors()).containsExactly(Map.entry("es-acme-crm", Map.of("http.url", List.of("http.url must use https"))));
        assertThat(result.outcomes()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(server.takeRequest().getPath()).endsWith("/config/validate");
        }
    }

    @Test
    void createsWithTheirInitialStateAfterValidation() throws InterruptedException {
        Plan plan = new Planner().plan(rendered, Map.of(), false);
        for (int i = 0; i < 4; i++) {
            server.enqueue(valid());
        }
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setResponseCode(201).setBody("{}"));
        }
        List<ApplyEvent> progress = new ArrayList<>();
        ApplyResult result = new Applier(connect, null, progress::add).apply(plan, rendered);

        assertThat(result.outcomes()).extracting(ApplyResult.Outcome::done)
            .containsExactly("created (RUNNING)", "created (RUNNING)", "created (RUNNING)", "created (PAUSED)");
        assertThat(progress).extracting(ApplyEvent::step, ApplyEvent::steps).first().isEqualTo(org.assertj.core.groups.Tuple.tuple(1, 4));
        for (int i = 0; i < 4; i++) {
            server.takeRequest();
        }
        assertThat(server.takeRequest().getPath()).isEqualTo("/connectors");
    }

    private static MockResponse valid() {
        return new MockResponse().setResponseCode(200).setBody("{\"error_count\": 0, \"configs\": []}");
    }
}
