package dev.eventstream.connect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test-topic", description = "What an endpoint would receive for a sample event on a topic (JSON body, "
    + "headers, signature), or which step drops it and why, from a worker's POST /eventstream/topics/{topic}/test. "
    + "Exit code 1 when the event is dropped.")
final class TestTopicCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Event Stream API token (env EVENTSTREAM_TOKEN).")
    String token;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic the event is on.")
    String topic;

    @Option(names = "--endpoint", required = true, paramLabel = "TENANT/NAME", description = "The endpoint.")
    String endpoint;

    @Option(names = "--key", paramLabel = "KEY", description = "The record key.")
    String key;

    @Option(names = "--value", required = true, paramLabel = "JSON|@FILE", description = "The event: JSON, or @file.json.")
    String value;

    @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A record header (repeatable).")
    Map<String, String> headers = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        URI url = cluster.restUrl(common::load);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("endpoint", endpoint);
        if (key != null) {
            body.put("key", key);
        }
        body.set("value", event());
        body.set("headers", MAPPER.valueToTree(headers));
        JsonNode result = new EventstreamApiClient(url, cluster, token).json("POST",
            "eventstream/topics/" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "/test", body.toString());
        PrintWriter out = spec.commandLine().getOut();
        boolean delivered = result.path("delivered").asBoolean();
        if (common.json()) {
            Output.json(out, result);
        } else if (delivered) {
            JsonNode request = result.path("request");
            out.println(request.path("method").asText() + " " + request.path("url").asText());
            request.path("headers").fields().forEachRemaining(h -> out.println(h.getKey() + ": " + h.getValue().asText()));
            out.println();
            out.println(request.path("body").asText());
        } else {
            JsonNode step = result.path("droppedBy");
            out.println("Dropped by step '" + step.path("step").asText() + "' (" + step.path("type").asText() + "): "
                + step.path("reason").asText());
        }
        out.flush();
        return delivered ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private JsonNode event() {
        String text = value;
        if (value.startsWith("@")) {
            try {
                text = Files.readString(Path.of(value.substring(1)));
            } catch (IOException e) {
                throw new CliException(ExitCodes.INVALID, "Cannot read --value " + value + ": " + e.getMessage());
            }
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INVALID, "--value is not JSON: " + e.getMessage());
        }
    }
}
