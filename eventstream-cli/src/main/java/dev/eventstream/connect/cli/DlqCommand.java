package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dlq", description = "The records in an endpoint's dead letter queue, from the oldest, each with where it came "
    + "from and why it is there (Connect's __connect.errors.* headers). Reads only: no consumer group, nothing committed.")
final class DlqCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "TENANT/ENDPOINT", description = "The endpoint, e.g. acme/crm.")
    String endpoint;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--values", description = "Also print each record's value (the original event: it may hold PII).")
    boolean values;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EndpointSelector selected = EndpointSelector.parse(endpoint);
        if (selected.endpoint() == null) {
            throw new CliException(ExitCodes.INVALID, "dlq takes TENANT/ENDPOINT, e.g. acme/crm");
        }
        if (limit < 1) {
            throw new CliException(ExitCodes.INVALID, "--limit must be at least 1");
        }
        ControlPlane plane = common.load();
        RenderedConnector connector = selected.select(new Renderer().render(plane).connectors()).get(0);
        String topic = connector.config().get("errors.deadletterqueue.topic.name");
        DeadLetters.Result result = DeadLetters.read(cluster.bootstrapServers(plane), topic, limit, values, cluster.timeout());
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("connector", connector.name());
            json.put("topic", topic);
            json.put("exists", result.exists());
            json.put("total", result.total());
            json.put("records", result.records());
            Output.json(out, json);
            return ExitCodes.OK;
        }
        if (!result.exists()) {
            out.println("No topic " + topic + " yet: nothing of " + connector.name() + " was dead-lettered.");
        } else {
            out.println(topic + ": " + result.total() + " record(s)" + (result.records().size() < result.total()
                ? ", the first " + result.records().size() + " shown (--limit)" : ""));
            if (!result.records().isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                for (DeadLetters.DeadLetter record : result.records()) {
                    rows.add(List.of(record.partition() + "@" + record.offset(), record.time(), record.source(),
                        record.stage(), String.valueOf(record.key()), record.reason()));
                }
                Output.table(out, List.of("DLQ OFFSET", "TIME", "SOURCE", "STAGE", "KEY", "REASON"), rows);
            }
            if (values) {
                result.records().forEach(r -> out.println(r.partition() + "@" + r.offset() + " value: " + r.value()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
