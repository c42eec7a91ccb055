package dev.eventstream.connect.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.LiveConnector;
import dev.eventstream.connect.control.model.Endpoint;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /eventstream/endpoints}: the customer endpoints of the configuration directory, and their connectors.
 * A PUT or DELETE goes through the same validation, renderer and applier as the CLI (see {@link EndpointService}).
 */
@Path("/eventstream/endpoints")
@Produces(MediaType.APPLICATION_JSON)
public final class EndpointsResource {

    /** The endpoint schema's pattern for tenant ids and endpoint names; checked before any file is named after them. */
    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]*$");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConfigStore store;
    private final EndpointService service;
    private final AccessTokens tokens;

    EndpointsResource(ConfigStore store, EndpointService service, AccessTokens tokens) {
        this.store = store;
        this.service = service;
        this.tokens = tokens;
    }

    @GET
    public String list(@Context HttpHeaders headers, @Context UriInfo uri, @QueryParam("tenant") String tenant) {
        Caller caller = tokens.authenticate(headers);
        ControlPlane plane = store.load();
        List<Endpoint> visible = plane.endpoints().stream()
            .filter(e -> caller.sees(e.tenant()))
            .filter(e -> tenant == null || e.tenant().equals(tenant))
            .toList();
        if (tenant != null && visible.isEmpty()) {
            throw unknownTenant(tenant);
        }
        Map<String, LiveConnector> live = WorkerConnect.forRequest(uri, headers).connectors();
        ArrayNode endpoints = MAPPER.createArrayNode();
        for (Endpoint endpoint : visible) {
            ObjectNode item = endpoints.addObject();
            item.put("tenant", endpoint.tenant());
            item.put("name", endpoint.name());
            item.put("type", endpoint.type().name());
            item.put("file", plane.fileOf(endpoint));
            connector(item, endpoint.connectorName(), live);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.set("endpoints", endpoints);
        return body.toString();
    }

    @GET
    @Path("/{tenant}/{name}")
    public String get(@Context HttpHeaders headers, @Context UriInfo uri,
                      @PathParam("tenant") String tenant, @PathParam("name") String name) {
        Caller caller = tokens.authenticate(headers);
        JsonNode endpoint = visibleEndpoint(caller, tenant, name);
        ObjectNode body = MAPPER.createObjectNode();
        body.set("endpoint", endpoint);
        connector(body, "es-" + tenant + "-" + name, WorkerConnect.forRequest(uri, headers).connectors());
        return body.toString();
    }

    @PUT
    @Path("/{tenant}/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@Context HttpHeaders headers, @Context UriInfo uri,
                        @PathParam("tenant") String tenant, @PathParam("name") String name, String json) {
        Caller caller = tokens.authenticate(headers);
        checkIds(tenant, name);
        if (!caller.sees(tenant)) {
            throw unknownTenant(tenant);
        }
        ObjectNode endpoint = parseEndpoint(json, tenant, name);
        boolean existed = store.readEndpoint(tenant, name).isPresent();
        EndpointService.Outcome outcome = service.put(tenant, name, endpoint, WorkerConnect.forRequest(uri, headers));
        ObjectNode body = MAPPER.createObjectNode();
        body.set("endpoint", endpoint);
        body.put("file", ConfigStore.endpointFile(tenant, name));
        body.put("connector", outcome.connector());
        body.put("action", outcome.action());
        body.put("done", outcome.done());
        return Response.status(existed ? 200 : 201).entity(body.toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @DELETE
    @Path("/{tenant}/{name}")
    public String delete(@Context HttpHeaders headers, @Context UriInfo uri,
                         @PathParam("tenant") String tenant, @PathParam("name") String name) {
        Caller caller = tokens.authenticate(headers);
        visibleEndpoint(caller, tenant, name);
        EndpointService.Outcome outcome = service.delete(tenant, name, WorkerConnect.forRequest(uri, headers));
        ObjectNode body = MAPPER.createObjectNode();
        body.put("file", ConfigStore.endpointFile(tenant, name));
        body.put("connector", outcome.connector());
        body.put("done", outcome.done());
        return body.toString();
    }

    private JsonNode visibleEndpoint(Caller caller, String tenant, String name) {
        checkIds(tenant, name);
        if (!caller.sees(tenant)) {
            throw unknownEndpoint(tenant, name);
        }
        return store.readEndpoint(tenant, name).orElseThrow(() -> unknownEndpoint(tenant, name));
    }

    static void checkIds(String tenant, String name) {
        if (!ID.matcher(tenant).matches()) {
            throw ApiException.badRequest("tenant", "tenant '" + tenant + "' is not a tenant id: use lower-case "
                + "letters, digits, '_' and '-', starting with a letter or digit");
        }
        if (!ID.matcher(name).matches()) {
            throw ApiException.badRequest("name", "endpoint name '" + name + "' is not valid: use lower-case "
                + "letters, digits, '_' and '-', starting with a letter or digit");
        }
    }

    /** The body as an endpoint object; tenant and name come from the path (a body that names others is refused). */
    private static ObjectNode parseEndpoint(String json, String tenant, String name) {
        JsonNode body;
        try {
            body = json == null || json.isBlank() ? null : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("/", "The body is not valid JSON at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("/", "The body must be an endpoint: a JSON object like the files in endpoints/<tenant>/");
        }
        ObjectNode endpoint = (ObjectNode) body;
        for (Map.Entry<String, String> id : Map.of("tenant", tenant, "name", name).entrySet()) {
            JsonNode given = endpoint.get(id.getKey());
            if (given != null && !given.asText().equals(id.getValue())) {
                throw ApiException.badRequest("/" + id.getKey(), id.getKey() + " is '" + given.asText()
                    + "' in the body but '" + id.getValue() + "' in the path: leave it out or make them equal");
            }
        }
        ObjectNode ordered = MAPPER.createObjectNode();
        ordered.put("tenant", tenant);
        ordered.put("name", name);
        endpoint.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("tenant") && !field.getKey().equals("name")) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        return ordered;
    }

    private static void connector(ObjectNode into, String name, Map<String, LiveConnector> live) {
        into.put("connector", name);
        LiveConnector connector = live.get(name);
        into.put("state", connector == null || connector.status() == null ? "ABSENT" : connector.status().state());
    }

    static ApiException unknownTenant(String tenant) {
        return ApiException.notFound("No endpoint of tenant '" + tenant + "' is known here", "tenant");
    }

    static ApiException unknownEndpoint(String tenant, String name) {
        return ApiException.notFound("No endpoint " + tenant + "/" + name + " is known here: GET /eventstream/endpoints lists them",
            "/eventstream/endpoints/" + tenant + "/" + name);
    }

}
