package dev.eventstream.connect.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /eventstream/openapi.json}: the OpenAPI 3.1 description of these routes (open: it holds no data). */
@Path("/eventstream/openapi.json")
public final class OpenApiResource {

    static final String DOCUMENT = "/dev/eventstream/connect/rest/openapi.json";

    private final String document = load();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String document() {
        return document;
    }

    static String load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the eventstream-rest jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DOCUMENT, e);
        }
    }
}
