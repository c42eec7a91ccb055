package dev.eventstream.connect.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo customers' HTTPS webhooks, one path per endpoint ({@code /hooks/<tenant>/<endpoint>}). It does
 * what a careful customer's receiver does: checks the credentials the endpoint file names (basic, bearer, or
 * an OAuth2 token it issued at {@code /oauth/hooks/<tenant>/<endpoint>/token}), undoes gzip, verifies the
 * Standard Webhooks signature (401 when either is wrong), and reads the events. Each accepted event is appended to
 * {@code receiver/<tenant>-<endpoint>.ndjson} and each request to {@code receiver/requests.log}; the
 * tallies feed the stack's live status lines.
 */
final class DemoReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A demo endpoint as the receiver knows it; {@code signingSecret} null: requests need no signature. */
    record Endpoint(String tenant, String name, String signingSecret, EndpointAuth auth) {
        String path() {
            return "/hooks/" + tenant + "/" + name;
        }

        String tokenPath() {
            return "/oauth" + path() + "/token";
        }

        String label() {
            return tenant + "/" + name;
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Map<String, Route> tokenRoutes = new LinkedHashMap<>();
    private final Runnable onFirstEvent;
    private final java.util.concurrent.atomic.AtomicBoolean firstEventSeen = new java.util.concurrent.atomic.AtomicBoolean();
    private final Writer requestLog;

    private DemoReceiver(int port, SSLContext tlsContext, List<Endpoint> endpoints, Path outputDir, Runnable onFirstEvent)
        throws IOException {
        this.onFirstEvent = onFirstEvent;
        for (Endpoint endpoint : endpoints) {
            Path file = outputDir.resolve(endpoint.tenant() + "-" + endpoint.name() + ".ndjson");
            Route route = new Route(endpoint, new EndpointTally(endpoint.label()), append(file));
            routes.put(endpoint.path(), route);
            tokenRoutes.put(endpoint.tokenPath(), route);
        }
        requestLog = append(outputDir.resolve("requests.log"));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(tlsContext);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setSendServerVersion(false);
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName("demo-receiver");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("localhost");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                DemoReceiver.this.handle(request, response, callback);
                return true;
            }
        });
    }

    /** Starts listening; {@code onFirstEvent} runs once, when the first event of any endpoint was accepted. */
    static DemoReceiver start(int port, SSLContext tlsContext, List<Endpoint> endpoints, Path outputDir, Runnable onFirstEvent) {
        try {
            DemoReceiver receiver = new DemoReceiver(port, tlsContext, endpoints, outputDir, onFirstEvent);
            receiver.server.start();
            log.info("Demo receiver listening on https://localhost:{} for {} endpoints", port, endpoints.size());
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new StackFailure("the demo HTTPS receiver cannot start on port " + port + ": " + e.getMessage()
                + " (pass --receiver-port=<free port>)", e);
        }
    }

    String url(Endpoint endpoint) {
        return "https://localhost:" + connector.getLocalPort() + endpoint.path();
    }

    List<String> statusLines() {
        List<String> lines = new ArrayList<>();
        routes.values().forEach(route -> lines.add(route.tally.line()));
        return lines;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("The demo receiver did not stop cleanly", e);
        }
        for (Route route : routes.values()) {
            closeQuietly(route.events);
        }
        closeQuietly(requestLog);
    }

    private void handle(Request request, Response response, Callback callback) throws IOException {
        String path = Request.getPathInContext(request);
        Route route = routes.get(path);
        Route tokenRoute = tokenRoutes.get(path);
        if (route == null && tokenRoute == null || !"POST".equals(request.getMethod())) {
            answer(response, callback, 404, "{\"error\":\"no demo endpoint at this path\"}");
            return;
        }
        byte[] wire;
        try (InputStream in = Request.asInputStream(request)) {
            wire = in.readAllBytes();
        }
        String authorization = request.getHeaders().get("Authorization");
        if (tokenRoute != null) {
            issueToken(tokenRoute, authorization, new String(wire, StandardCharsets.UTF_8), response, callback);
            return;
        }
        if (!route.endpoint.auth().admits(authorization)) {
            route.tally.authFailure();
            logRequest(route, request.getHeaders().get("webhook-id"), false, wire.length, 0, "not checked: wrong credentials");
            answer(response, callback, 401, "{\"error\":\"wrong or missing credentials\"}");
            return;
        }
        boolean gzip = "gzip".equalsIgnoreCase(request.getHeaders().get("Content-Encoding"));
        byte[] body = gzip ? gunzip(wire) : wire;
        String id = request.getHeaders().get("webhook-id");
        boolean signed = route.endpoint.signingSecret() == null || new WebhookSignature(route.endpoint.signingSecret())
            .verify(id, request.getHeaders().get("webhook-timestamp"), request.getHeaders().get("webhook-signature"), body, Instant.now());
        route.tally.request(gzip, signed);
        if (!signed) {
            logRequest(route, id, gzip, wire.length, 0, "invalid");
            answer(response, callback, 401, "{\"error\":\"invalid webhook signature\"}");
            return;
        }
        List<JsonNode> events = events(body);
        StringBuilder lines = new StringBuilder();
        for (JsonNode event : events) {
            String text = event.toString();
            JsonNode tenant = event.path("tenantId");
            route.tally.event(tenant.isTextual() ? tenant.asText() : null, PiiDetector.count(text));
            lines.append(text).append('\n');
        }
        synchronized (route) {
            route.events.write(lines.toString());
            route.events.flush();
        }
        logRequest(route, id, gzip, wire.length, events.size(), route.endpoint.signingSecret() == null ? "none" : "valid");
        answer(response, callback, 200, "{}");
        if (!events.isEmpty() && firstEventSeen.compareAndSet(false, true)) {
            onFirstEvent.run();
        }
    }

    /** The client-credentials grant of an OAuth2 endpoint: its token to its client, 401 to anyone else. */
    private static void issueToken(Route route, String authorization, String form, Response response, Callback callback) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        EndpointAuth auth = route.endpoint.auth();
        if (!"client_credentials".equals(fields.get("grant_type"))
            || !auth.isClient(authorization, fields.get("client_id"), fields.get("client_secret"))) {
            route.tally.authFailure();
            answer(response, callback, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        answer(response, callback, 200, "{\"access_token\":\"" + auth.token() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private static List<JsonNode> events(byte[] body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (var parser = JSON.createParser(body)) {
            JsonNode node;
            while ((node = JSON.readTree(parser)) != null) {
                if (node.isArray()) {
                    node.forEach(events::add);
                } else {
                    events.add(node);
                }
            }
        }
        return events;
    }

    private void logRequest(Route route, String id, boolean gzip, int wireBytes, int events, String signature) throws IOException {
        String line = String.format("%s %s webhook-id=%s encoding=%s bytes=%d events=%d signature=%s%n",
            Instant.now(), route.endpoint.label(), id, gzip ? "gzip" : "identity", wireBytes, events, signature);
        synchronized (requestLog) {
            requestLog.write(line);
            requestLog.flush();
        }
    }

    private static void answer(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put("Content-Type", "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static BufferedWriter append(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void closeQuietly(Writer writer) {
        try {
            writer.close();
        } catch (IOException e) {
            log.warn("Cannot close a receiver file", e);
        }
    }

    private record Route(Endpoint endpoint, EndpointTally tally, Writer events) {
    }
}
