package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.model.TopicDetails;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** {@code GET /eventstream/schemas[/{topic}]}: each service team topic's format, schema, event names and PII rules. */
@Path("/eventstream/schemas")
@Produces(MediaType.APPLICATION_JSON)
public final class SchemasResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConfigStore store;
    private final AccessTokens tokens;

    SchemasResource(ConfigStore store, AccessTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @GET
    public String list(@Context HttpHeaders headers) {
        tokens.authenticate(headers);
        ControlPlane plane = store.load();
        ArrayNode topics = MAPPER.createArrayNode();
        plane.topics().all().forEach(details -> topics.add(describe(plane, details)));
        ObjectNode body = MAPPER.createObjectNode();
        body.set("topics", topics);
        return body.toString();
    }

    @GET
    @Path("/{topic}")
    public String topic(@Context HttpHeaders headers, @PathParam("topic") String topic) {
        tokens.authenticate(headers);
        ControlPlane plane = store.load();
        TopicDetails details = plane.topics().resolve(topic).orElseThrow(() -> ApiException.notFound(
            "No topic-details describe topic '" + topic + "'; GET /eventstream/schemas lists the topics", "topic"));
        return describe(plane, details).toString();
    }

    private static ObjectNode describe(ControlPlane plane, TopicDetails details) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("topic", details.topic());
        node.put("owner", details.owner());
        node.put("tenancy", details.tenancy().name());
        node.set("tenant", MAPPER.valueToTree(details.tenant()));
        node.put("format", details.format().name());
        node.put("eventTypePath", details.eventType() == null ? null : details.eventType().path());
        node.set("events", MAPPER.valueToTree(details.events()));
        node.set("pii", MAPPER.valueToTree(details.pii()));
        if (details.schema() == null) {
            node.putNull("schema");
        } else {
            java.nio.file.Path file = plane.directory().resolve(plane.topics().fileOf(details)).resolveSibling(details.schema());
            try {
                node.set("schema", MAPPER.readTree(Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the schema " + file, e);
            }
        }
        return node;
    }
}
