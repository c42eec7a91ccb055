package dev.eventstream.connect.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every route the resources serve, and serves every route it describes. */
class OpenApiDocumentTest {

    /** Every resource the extension registers. */
    static final List<Class<?>> RESOURCES = List.of(SchemasResource.class, EndpointsResource.class,
        TopicTestResource.class, UsageResource.class, OpenApiResource.class);

    @Test
    void describedRoutesAreExactlyTheServedRoutes() throws Exception {
        JsonNode document = new ObjectMapper().readTree(OpenApiResource.load());
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");

        Set<String> described = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(served()).isNotEmpty().isEqualTo(described);
    }

    @Test
    void everyOperationDocumentsItsErrorsAsTheErrorSchema() throws Exception {
        JsonNode document = new ObjectMapper().readTree(OpenApiResource.load());
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            operation.getValue().path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4")) {
                    assertThat(response.getValue().at("/content/application~1json/schema/$ref").asText())
                        .as("%s %s %s", operation.getKey(), path.getKey(), response.getKey())
                        .isEqualTo("#/components/schemas/Error");
                }
            });
        }));
    }

    static Set<String> served() {
        Set<String> routes = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                routes.add(verb + " " + base + (sub == null ? "" : sub.value()));
            }
        }
        return routes;
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        return method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
    }
}
