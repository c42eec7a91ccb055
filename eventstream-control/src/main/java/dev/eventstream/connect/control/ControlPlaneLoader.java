package dev.eventstream.connect.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstream.connect.control.ConfigDirectory.SourceFile;
import dev.eventstream.connect.control.model.Deployment;
import dev.eventstream.connect.control.model.Endpoint;
import dev.eventstream.connect.control.model.TopicDetails;
import dev.eventstream.connect.control.validate.CrossReferences;
import dev.eventstream.connect.control.validate.JsonSchemaValidator;
import dev.eventstream.connect.control.validate.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads a configuration directory in two phases: each file against its JSON Schema, then (when every file is
 * well-formed) the files bound to the model and checked against each other.
 */
final class ControlPlaneLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ConfigDirectory directory;
    private final JsonSchemaValidator deploymentSchema = JsonSchemaValidator.load("deployment.schema.json");
    private final JsonSchemaValidator topicSchema = JsonSchemaValidator.load("topic-details.schema.json");
    private final JsonSchemaValidator endpointSchema = JsonSchemaValidator.load("endpoint.schema.json");

    ControlPlaneLoader(ConfigDirectory directory) {
        this.directory = directory;
    }

    ControlPlane.ValidationReport load() {
        List<Problem> problems = new ArrayList<>();
        SourceFile deploymentFile = directory.deployment(problems);
        List<SourceFile> topicFiles = directory.topicDetails(problems);
        List<SourceFile> endpointFiles = directory.endpoints(problems);
        int filesRead = 1 + topicFiles.size() + endpointFiles.size();

        if (deploymentFile.json() != null) {
            schemaCheck(deploymentSchema, deploymentFile, pointer -> dotted(pointer), problems);
        }
        topicFiles.forEach(file -> schemaCheck(topicSchema, file, pointer -> dotted(pointer), problems));
        endpointFiles.forEach(file -> schemaCheck(endpointSchema, file, pointer -> endpointSecretKey(file.json(), pointer), problems));
        if (!problems.isEmpty()) {
            return new ControlPlane.ValidationReport(problems, filesRead, null);
        }

        Deployment deployment = MAPPER.convertValue(deploymentFile.json(), Deployment.class);
        Map<String, TopicDetails> topicsByFile = new LinkedHashMap<>();
        for (SourceFile file : topicFiles) {
            topicsByFile.put(file.path(), MAPPER.convertValue(file.json(), TopicDetails.class));
        }
        Map<String, Endpoint> endpointsByFile = new LinkedHashMap<>();
        for (SourceFile file : endpointFiles) {
            endpointsByFile.put(file.path(), MAPPER.convertValue(file.json(), Endpoint.class));
        }
        TopicCatalog topics = new TopicCatalog();
        new CrossReferences(directory, deploymentFile.path(), deployment, topics, topicsByFile, endpointsByFile).check(problems);
        if (!problems.isEmpty()) {
            return new ControlPlane.ValidationReport(problems, filesRead, null);
        }
        Map<String, String> fileById = new LinkedHashMap<>();
        endpointsByFile.forEach((file, endpoint) -> fileById.put(endpoint.id(), file));
        List<Endpoint> endpoints = endpointsByFile.values().stream()
            .sorted(Comparator.comparing(Endpoint::tenant).thenComparing(Endpoint::name))
            .toList();
        return new ControlPlane.ValidationReport(problems, filesRead,
            new ControlPlane(directory, deployment, topics, endpoints, fileById));
    }

    private static void schemaCheck(JsonSchemaValidator schema, SourceFile file, UnaryOperator<String> secretKey,
                                    List<Problem> problems) {
        schema.validate(file.json(), secretKey).forEach(violation ->
            problems.add(new Problem(file.path(), violation.pointer(), violation.message(), violation.fix())));
    }

    /** {@code acme.crm.auth.clientSecret}; a secret header is named by its header name. */
    private static String endpointSecretKey(JsonNode endpoint, String pointer) {
        String prefix = endpoint.path("tenant").asText("tenant") + "." + endpoint.path("name").asText("endpoint") + ".";
        String[] parts = pointer.substring(1).split("/");
        if (parts.length >= 2 && parts[0].equals("headers")) {
            String header = endpoint.path("headers").path(Integer.parseInt(parts[1])).path("name").asText(parts[1]);
            return prefix + "headers." + header;
        }
        return prefix + dotted(pointer);
    }

    private static String dotted(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }
}
