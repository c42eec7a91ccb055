package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Writes an {@link ApiException} as the error body every /eventstream route uses. */
final class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Response toResponse(ApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body(e).toString()).build();
    }

    static ObjectNode body(ApiException e) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", e.error());
        body.put("message", e.getMessage());
        body.put("path", e.path());
        return body;
    }
}
