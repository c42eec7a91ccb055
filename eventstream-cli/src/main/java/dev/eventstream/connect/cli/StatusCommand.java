package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.ConnectorStatus;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Connector and task states (with the first lines of a failed task's trace), "
    + "DLQ depth, consumer lag per partition, the last minute the connector delivered in (from the usage topic), "
    + "and when the newest record it settled was produced.")
final class StatusCommand implements Callable<Integer> {

    private static final int TRACE_LINES = 3;

    @Mixin
    CommonOptions common;

    @Mixin
    ClusterOptions cluster;

    @Parameters(arity = "0..1", paramLabel = "TENANT[/ENDPOINT]", description = "Only this tenant's, or this endpoint's, connector.")
    String selector;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EndpointSelector selected = EndpointSelector.parse(selector);
        ControlPlane plane = common.load();
        ConnectClient connect = cluster.connect(plane);
        Map<RenderedConnector, Optional<ConnectorStatus>> statuses = new LinkedHashMap<>();
        for (RenderedConnector connector : selected.select(new Renderer().render(plane).connectors())) {
            statuses.put(connector, connect.status(connector.name()));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (KafkaTopics kafka = cluster.kafka(plane)) {
            String usageTopic = plane.deployment().usageTopic();
            Map<String, Instant> lastDeliveries = usageTopic == null ? Map.of() : kafka.lastDeliveryMinutes(usageTopic);
            statuses.forEach((connector, status) -> rows.add(row(connector, status.orElse(null), kafka,
                lastDeliveries.get(connector.name()))));
        }
        boolean anyFailed = statuses.values().stream().anyMatch(s -> s.map(st -> st.failed() || st.anyTaskFailed()).orElse(false));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Output.json(out, Map.of("connectors", rows));
        } else {
            printText(out, rows);
        }
        return anyFailed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static Map<String, Object> row(RenderedConnector connector, ConnectorStatus status, KafkaTopics kafka,
                                           Instant lastDeliveryMinute) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("connector", connector.name());
        row.put("desiredState", connector.state().connectName());
        row.put("state", status == null ? "MISSING" : status.state());
        List<Map<String, Object>> tasks = new ArrayList<>();
        if (status != null) {
            if (status.trace() != null) {
                row.put("trace", firstLines(status.trace()));
            }
            for (ConnectorStatus.TaskStatus task : status.tasks()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("id", task.id());
                t.put("state", task.state());
                t.put("worker", task.workerId());
                if (task.trace() != null) {
                    t.put("trace", firstLines(task.trace()));
                }
                tasks.add(t);
            }
        }
        row.put("tasks", tasks);
        String dlq = connector.config().get("errors.deadletterqueue.topic.name");
        row.put("dlq", dlq);
        row.put("dlqDepth", kafka.depth(dlq).orElse(null));
        // Only the topics read now: the group keeps the offsets of topics it read before (e.g. before a demux switch).
        List<String> topics = List.of(connector.config().get("topics").split(","));
        Map<String, Long> lag = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : kafka.lag("connect-" + connector.name()).entrySet()) {
            if (topics.contains(entry.getKey().topic())) {
                lag.put(entry.getKey().toString(), entry.getValue());
            }
        }
        row.put("lag", lag);
        row.put("lastDeliveryMinute", lastDeliveryMinute == null ? null : lastDeliveryMinute.toString());
        row.put("lastSettledRecordTime", kafka.lastCommittedRecordTime("connect-" + connector.name(), topics)
            .map(Object::toString).orElse(null));
        return row;
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, List<Map<String, Object>> rows) {
        List<List<String>> table = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            List<Map<String, Object>> tasks = (List<Map<String, Object>>) row.get("tasks");
            long running = tasks.stream().filter(t -> "RUNNING".equals(t.get("state"))).count();
            Map<String, Long> lag = (Map<String, Long>) row.get("lag");
            table.add(List.of((String) row.get("connector"), (String) row.get("state"), running + "/" + tasks.size(),
                String.valueOf(row.get("dlqDepth") == null ? "-" : row.get("dlqDepth")),
                lag.isEmpty() ? "-" : String.valueOf(lag.values().stream().mapToLong(Long::longValue).sum()),
                row.get("lastDeliveryMinute") == null ? "-" : (String) row.get("lastDeliveryMinute"),
                row.get("lastSettledRecordTime") == null ? "-" : (String) row.get("lastSettledRecordTime")));
        }
        Output.table(out, List.of("CONNECTOR", "STATE", "TASKS", "DLQ", "LAG", "LAST DELIVERY (MINUTE)",
            "LAST SETTLED RECORD"), table);
        for (Map<String, Object> row : rows) {
            Map<String, Long> lag = (Map<String, Long>) row.get("lag");
            if (lag.values().stream().anyMatch(l -> l > 0)) {
                out.println(row.get("connector") + " lag per partition: " + lag);
            }
            if (row.containsKey("trace")) {
                out.println(row.get("connector") + " FAILED:\n    " + String.join("\n    ", (List<String>) row.get("trace")));
            }
            for (Map<String, Object> task : (List<Map<String, Object>>) row.get("tasks")) {
                if (task.containsKey("trace")) {
                    out.println(row.get("connector") + " task " + task.get("id") + " " + task.get("state") + " on "
                        + task.get("worker") + ":\n    " + String.join("\n    ", (List<String>) task.get("trace")));
                }
            }
        }
        out.flush();
    }

    private static List<String> firstLines(String trace) {
        return trace.lines().limit(TRACE_LINES).map(String::strip).toList();
    }
}
