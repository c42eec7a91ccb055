package dev.eventstream.connect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "usage", description = "Delivered records and bytes, requests, failures, DLQ'd and redelivered records per "
    + "tenant, endpoint, topic and period, from a worker's GET /eventstream/usage.")
final class UsageCommand implements Callable<Integer> {

    private static final List<String> COUNTS = List.of("records", "jsonBytes", "wireBytes", "requests", "failedAttempts",
        "dlq", "redelivered");

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Event Stream API token (env EVENTSTREAM_TOKEN).")
    String token;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Only this tenant.")
    String tenant;

    @Option(names = "--endpoint", paramLabel = "NAME", description = "Only this endpoint name.")
    String endpoint;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this source topic.")
    String topic;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Start, inclusive, ISO-8601 UTC (2026-11-30T00:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "End, exclusive, ISO-8601 UTC.")
    String to;

    @Option(names = "--granularity", paramLabel = "UNIT", defaultValue = "hour",
        description = "minute, hour or day (default: ${DEFAULT-VALUE}).")
    String granularity;

    @Option(names = "--csv", description = "Print the API's CSV (Accept: text/csv) instead of a table or JSON.")
    boolean csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        URI url = cluster.restUrl(common::load);
        EventstreamApiClient api = new EventstreamApiClient(url, cluster, token);
        String query = query();
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            out.print(api.send("GET", "eventstream/usage" + query, null, "text/csv"));
            out.flush();
            return ExitCodes.OK;
        }
        JsonNode usage = api.json("GET", "eventstream/usage" + query, null);
        if (common.json()) {
            Output.json(out, usage);
            return ExitCodes.OK;
        }
        List<String> header = new ArrayList<>(List.of("PERIOD", "TENANT", "ENDPOINT", "TOPIC"));
        COUNTS.forEach(c -> header.add(c.toUpperCase(java.util.Locale.ROOT)));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : usage.path("rows")) {
            List<String> cells = new ArrayList<>(List.of(row.path("period").asText(), row.path("tenant").asText(),
                row.path("endpoint").asText(), row.path("topic").asText()));
            COUNTS.forEach(c -> cells.add(row.path(c).asText()));
            rows.add(cells);
        }
        List<String> total = new ArrayList<>(List.of("TOTAL", "", "", ""));
        COUNTS.forEach(c -> total.add(usage.path("total").path(c).asText()));
        rows.add(total);
        Output.table(out, header, rows);
        return ExitCodes.OK;
    }

    private String query() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tenant", tenant);
        params.put("endpoint", endpoint);
        params.put("topic", topic);
        params.put("from", from);
        params.put("to", to);
        params.put("granularity", granularity);
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            if (value != null) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }
}
