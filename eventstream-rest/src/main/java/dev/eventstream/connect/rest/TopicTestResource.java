package dev.eventstream.connect.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import dev.eventstream.connect.http.RequestPreview;
import dev.eventstream.connect.json.JsonRenderer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.errors.DataException;

/**
 * {@code POST /eventstream/topics/{topic}/test}: what an endpoint would receive for a sample event. The endpoint's
 * connector is rendered exactly as apply would write it, its config references resolved with the worker's config
 * providers, and its converter, transforms and predicates run in-process ({@link ChainRunner}); a record that
 * reaches the sink is rendered by the sink's own code ({@link RequestPreview} for HTTPS endpoints).
 */
@Path("/eventstream/topics")
@Produces(MediaType.APPLICATION_JSON)
public final class TopicTestResource {

    /**
     * Reads the sample with every number exact (1.50 stays 1.50, as the connector's exact JSON conversion keeps it)
     * and writes decimals in plain notation, so the value handed to the chain is the one a producer would write.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final ConfigStore store;
    private final AccessTokens tokens;
    private final Map<String, ?> workerConfig;
    private final LongSupplier epochSeconds;

    TopicTestResource(ConfigStore store, AccessTokens tokens, Map<String, ?> workerConfig, LongSupplier epochSeconds) {
        this.store = store;
        this.tokens = tokens;
        this.workerConfig = workerConfig;
        this.epochSeconds = epochSeconds;
    }

    @POST
    @Path("/{topic}/test")
    @Consumes(MediaType.APPLICATION_JSON)
    public String test(@Context HttpHeaders headers, @PathParam("topic") String topic, String json) {
        Caller caller = tokens.authenticate(headers);
        JsonNode request = parse(json);
        ControlPlane plane = store.load();
        if (plane.topics().resolve(topic).isEmpty()) {
            throw ApiException.notFound("No topic-details describe topic '" + topic
                + "'; GET /eventstream/schemas lists the topics", "topic");
        }
        JsonNode endpointField = request.get("endpoint");
        Endpoint endpoint;
        if (endpointField != null && endpointField.isTextual()) {
            endpoint = namedEndpoint(plane, caller, endpointField.asText());
        } else if (endpointField != null && endpointField.isObject()) {
            String tenant = endpointField.path("tenant").asText("");
            String name = endpointField.path("name").asText("");
            try {
                EndpointsResource.checkIds(tenant, name);
            } catch (ApiException e) {
                throw ApiException.badRequest("/endpoint/" + e.path(), e.getMessage());
            }
            if (!caller.sees(tenant)) {
                throw EndpointsResource.unknownTenant(tenant);
            }
            ControlPlane.ValidationReport report = store.validateWith(tenant, name, endpointField);
            if (!report.ok()) {
                ApiException invalid = EndpointService.invalid(report.problems());
                throw new ApiException(400, invalid.error(), invalid.getMessage(), "/endpoint" + invalid.path());
            }
            plane = report.controlPlane().orElseThrow();
            endpoint = plane.endpoint(tenant, name).orElseThrow();
        } else {
            throw ApiException.badRequest("/endpoint", "endpoint is required: \"<tenant>/<name>\" of a configured "
                + "endpoint, or an endpoint object as in endpoints/<tenant>/<name>.json");
        }
        if (!endpoint.topics().contains(topic)) {
            throw ApiException.badRequest("/endpoint", "endpoint " + endpoint.id() + " does not read topic '" + topic
                + "'; it reads " + endpoint.topics());
        }
        RenderedConnector connector = new Renderer().render(plane).connector(endpoint.connectorName()).orElseThrow();
        String readTopic = readTopic(connector, topic);
        ChainRunner.Sample sample = sample(request, readTopic);
        Map<String, String> config;
        try (ConfigReferences references = new ConfigReferences(workerConfig)) {
            config = references.resolve(connector.config());
        }
        ChainRunner.Result result = ChainRunner.run(config, sample);

        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("topic", topic);
        answer.put("endpoint", endpoint.id());
        answer.put("connector", connector.name());
        answer.set("steps", MAPPER.valueToTree(result.steps()));
        if (result.record() == null) {
            answer.put("delivered", false);
            answer.set("droppedBy", MAPPER.valueToTree(result.last()));
            return answer.toString();
        }
        try {
            if (endpoint.type() == Endpoint.Type.https) {
                answer.set("request", request(RequestPreview.of(config, List.of(result.record()), epochSeconds.getAsLong())));
            } else {
                answer.set("record", kafkaRecord(config, result));
            }
        } catch (DataException e) {
            answer.put("delivered", false);
            answer.set("droppedBy", MAPPER.valueToTree(new ChainRunner.Step("sink", config.get("connector.class"),
                "failed", e.getMessage())));
            return answer.toString();
        }
        answer.put("delivered", true);
        return answer.toString();
    }

    private static Endpoint namedEndpoint(ControlPlane plane, Caller caller, String id) {
        String[] parts = id.split("/", -1);
        if (parts.length != 2) {
            throw ApiException.badRequest("/endpoint", "endpoint must be \"<tenant>/<name>\", got '" + id + "'");
        }
        if (!caller.sees(parts[0])) {
            throw EndpointsResource.unknownEndpoint(parts[0], parts[1]);
        }
        return plane.endpoint(parts[0], parts[1]).orElseThrow(() -> EndpointsResource.unknownEndpoint(parts[0], parts[1]));
    }

    /** The topic the connector reads the events of {@code topic} from: itself, or with demux its tenant's topic. */
    private static String readTopic(RenderedConnector connector, String topic) {
        List<String> read = Arrays.asList(connector.config().get("topics").split(","));
        return read.contains(topic) ? topic
            : read.stream().filter(t -> t.startsWith(topic + ".")).findFirst().orElse(topic);
    }

    private static ChainRunner.Sample sample(JsonNode request, String topic) {
        byte[] key = request.hasNonNull("key") ? request.get("key").asText().getBytes(StandardCharsets.UTF_8) : null;
        byte[] value;
        if (request.hasNonNull("valueBase64")) {
            try {
                value = Base64.getDecoder().decode(request.get("valueBase64").asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("/valueBase64", "valueBase64 is not base64: " + e.getMessage());
            }
        } else if (request.has("value")) {
            JsonNode v = request.get("value");
            value = v.isNull() ? null : writeExact(v);
        } else {
            throw ApiException.badRequest("/value", "value is required: the event as JSON (or valueBase64 for Avro bytes)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = request.path("headers");
        if (!given.isMissingNode() && !given.isObject()) {
            throw ApiException.badRequest("/headers", "headers must be an object of header name to string value");
        }
        given.fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        int partition = nonNegative(request, "partition");
        long offset = request.path("offset").asLong(0);
        if (offset < 0) {
            throw ApiException.badRequest("/offset", "offset must be 0 or more");
        }
        long timestamp = request.path("timestamp").asLong(System.currentTimeMillis());
        return new ChainRunner.Sample(topic, partition, offset, timestamp, key, value, headers);
    }

    private static byte[] writeExact(JsonNode value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("/value", "value cannot be written back as JSON: " + e.getOriginalMessage());
        }
    }

    private static int nonNegative(JsonNode request, String field) {
        JsonNode node = request.path(field);
        if (!node.isMissingNode() && (!node.canConvertToInt() || node.asInt() < 0)) {
            throw ApiException.badRequest("/" + field, field + " must be an integer, 0 or more");
        }
        return node.asInt(0);
    }

    private static ObjectNode request(RequestPreview.Request preview) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("method", preview.method());
        node.put("url", preview.url());
        node.set("headers", MAPPER.valueToTree(preview.headers()));
        String body = new String(preview.body(), StandardCharsets.UTF_8);
        node.put("body", body);
        node.put("bodyBytes", preview.body().length);
        node.put("wireBytes", preview.wireBytes());
        return node;
    }

    private static ObjectNode kafkaRecord(Map<String, String> config, ChainRunner.Result result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("bootstrapServers", config.get("target.bootstrap.servers"));
        node.put("topic", config.get("target.topic"));
        node.put("value", new String(JsonRenderer.INSTANCE.toBytes(result.record().valueSchema(), result.record().value()),
            StandardCharsets.UTF_8));
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = json == null || json.isBlank() ? null : MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("/", "The body must be a JSON object: {\"endpoint\": \"<tenant>/<name>\", "
                    + "\"key\": ..., \"value\": {...}, \"headers\": {...}}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("/", "The body is not valid JSON at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }
}
