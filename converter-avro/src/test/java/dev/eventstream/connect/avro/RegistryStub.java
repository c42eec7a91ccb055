package dev.eventstream.connect.avro;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A local HTTP(S) server that speaks the part of the Confluent schema registry API the converter uses:
 * {@code GET /schemas/ids/{id}} and {@code GET /subjects/{subject}/versions/{version}}. Failures can be queued.
 */
public final class RegistryStub implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern BY_SUBJECT = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)");

    /** A schema as the registry stores it. */
    record Entry(String schema, String schemaType, List<String[]> references) {
    }

    private final InetSocketAddress address;
    private final HttpsConfigurator https;
    private volatile HttpServer server;
    private final Map<Integer, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Entry> bySubjectVersion = new ConcurrentHashMap<>();
    private final Queue<Integer> forcedStatuses = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;
    private volatile boolean unavailable;

    private RegistryStub(HttpsConfigurator https) throws IOException {
        this.https = https;
        this.server = listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.address = server.getAddress();
    }

    public static RegistryStub http() throws IOException {
        return new RegistryStub(null);
    }

    static RegistryStub https(SSLContext context) throws IOException {
        return new RegistryStub(new HttpsConfigurator(context));
    }

    private HttpServer listen(InetSocketAddress on) throws IOException {
        HttpServer listening;
        if (https == null) {
            listening = HttpServer.create(on, 0);
        } else {
            HttpsServer secure = HttpsServer.create(on, 0);
            secure.setHttpsConfigurator(https);
            listening = secure;
        }
        listening.createContext("/", this::handle);
        listening.start();
        return listening;
    }

    public String url() {
        return (https == null ? "http" : "https") + "://localhost:" + address.getPort();
    }

    /** An outage: stops listening, so connections to {@link #url()} are refused until {@link #comeBack()}. */
    public synchronized void goDown() {
        server.stop(0);
    }

    /** Ends an outage: listens again on the same port, with the same schemas. */
    public synchronized void comeBack() throws IOException {
        server = listen(address);
    }

    public RegistryStub register(int id, Schema schema) {
        byId.put(id, new Entry(schema.toString(), null, List.of()));
        return this;
    }

    RegistryStub register(int id, Entry entry) {
        byId.put(id, entry);
        return this;
    }

    RegistryStub registerSubjectVersion(String subject, int version, String schema) {
        bySubjectVersion.put(subject + "/" + version, new Entry(schema, null, List.of()));
        return this;
    }

    /** The next requests answer with these statuses (and an error body), in order, before normal handling. */
    RegistryStub failNext(Integer... statuses) {
        Collections.addAll(forcedStatuses, statuses);
        return this;
    }

    /** While true, every request is answered 503, as a registry whose storage is down behind its load balancer. */
    public RegistryStub unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    RegistryStub requireAuthorization(String headerValue) {
        this.requiredAuthorization = headerValue;
        return this;
    }

    public List<String> requests() {
        return new ArrayList<>(requests);
    }

    List<String> authorizations() {
        return new ArrayList<>(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            Integer forced = unavailable ? Integer.valueOf(503) : forcedStatuses.poll();
            if (forced != null) {
                respond(exchange, forced, error(forced * 100 + 1, "forced failure"));
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
                respond(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            Entry entry = lookup(path);
            if (entry == null) {
                respond(exchange, 404, error(40403, "Schema not found"));
                return;
            }
            ObjectNode json = MAPPER.createObjectNode();
            json.put("schema", entry.schema());
            if (entry.schemaType() != null) {
                json.put("schemaType", entry.schemaType());
            }
            if (!entry.references().isEmpty()) {
                ArrayNode references = json.putArray("references");
                for (String[] reference : entry.references()) {
                    references.addObject().put("name", reference[0]).put("subject", reference[1])
                            .put("version", Integer.parseInt(reference[2]));
                }
            }
            respond(exchange, 200, json.toString());
        }
    }

    private Entry lookup(String path) {
        Matcher id = BY_ID.matcher(path);
        if (id.matches()) {
            return byId.get(Integer.parseInt(id.group(1)));
        }
        Matcher subject = BY_SUBJECT.matcher(path);
        if (subject.matches()) {
            return bySubjectVersion.get(URLDecoder.decode(subject.group(1), StandardCharsets.UTF_8) + "/"
                    + subject.group(2));
        }
        return null;
    }

    private static String error(int code, String message) {
        return MAPPER.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }
}
