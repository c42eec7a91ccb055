package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.LiveConnector;
import dev.eventstream.connect.control.kafka.KafkaAdminException;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import dev.eventstream.connect.control.plan.Applier;
import dev.eventstream.connect.control.plan.ApplyResult;
import dev.eventstream.connect.control.plan.Change;
import dev.eventstream.connect.control.plan.Plan;
import dev.eventstream.connect.control.plan.Planner;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import dev.eventstream.connect.control.render.TopicSpec;
import dev.eventstream.connect.control.validate.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Changes one endpoint the way {@code eventstream apply} would: validate the directory with the new file, write
 * it, render, plan and apply only the connectors that file concerns (the endpoint's own and, with demux, the
 * demux connectors), never pruning anything else. Like {@code apply}, it first creates the topics those connectors
 * need and that are missing — the endpoint's DLQ and the per-tenant demux topics — sized by the deployment's
 * {@code maxRecordBytes}; left to Connect, a DLQ would get the broker's 1 MiB limit and a larger bad record would be
 * lost. One change at a time per worker.
 */
final class EndpointService {

    /** What a PUT or DELETE did to the connector. */
    record Outcome(String connector, String action, String done) { }

    private final ConfigStore store;
    private final Supplier<KafkaTopics> kafka;

    /** @param kafka opens an Admin client on the worker's Kafka for one change; the service closes it */
    EndpointService(ConfigStore store, Supplier<KafkaTopics> kafka) {
        this.store = store;
        this.kafka = kafka;
    }

    synchronized Outcome put(String tenant, String name, JsonNode endpoint, ConnectClient connect) {
        List<Problem> problems = store.validateWith(tenant, name, endpoint).problems();
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        Optional<byte[]> previous = store.replaceEndpoint(tenant, name, endpoint);
        try {
            return apply(store.load(), "es-" + tenant + "-" + name, connect);
        } catch (RuntimeException e) {
            store.restoreEndpoint(tenant, name, previous);
            throw e;
        }
    }

    synchronized Outcome delete(String tenant, String name, ConnectClient connect) {
        store.validateWith(tenant, name, null);
        String connector = "es-" + tenant + "-" + name;
        Optional<byte[]> previous = store.replaceEndpoint(tenant, name, null);
        try {
            apply(store.load(), connector, connect);
            boolean exists = connect.connectors().containsKey(connector);
            if (exists) {
                connect.delete(connector);
            }
            return new Outcome(connector, "delete", exists ? "deleted" : "no connector to delete");
        } catch (RuntimeException e) {
            store.restoreEndpoint(tenant, name, previous);
            throw e;
        }
    }

    /** A 400 naming the first problem's JSON pointer, with the validator's message and fix (as the CLI prints them). */
    static ApiException invalid(List<Problem> problems) {
        Problem first = problems.get(0);
        return new ApiException(400, "invalid_endpoint", first.message() + ". Fix: " + first.fix()
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : ""),
            first.pointer().isEmpty() ? "/" : first.pointer());
    }

    private Outcome apply(ControlPlane plane, String connector, ConnectClient connect) {
        RenderResult rendered = new Renderer().render(plane);
        Map<String, LiveConnector> live = connect.connectors();
        Plan full = new Planner().plan(rendered, live, false);
        List<Change> concerned = full.changes().stream()
            .filter(c -> c.connector().equals(connector)
                || (c.desired() != null && c.desired().kind() == RenderedConnector.Kind.demux))
            .toList();
        ApplyResult result;
        try (KafkaTopics topics = kafka.get()) {
            result = new Applier(connect, topics, event -> { })
                .apply(new Plan(concerned, List.of(), false), new RenderResult(rendered.connectors(), needed(concerned, rendered)));
        } catch (KafkaAdminException e) {
            throw new ApiException(503, "kafka_unavailable", e.getMessage() + ". Fix: check that the worker reaches its "
                + "Kafka cluster (bootstrap.servers and its security settings), then repeat the request", null);
        }
        if (!result.ok()) {
            Map.Entry<String, Map<String, List<String>>> refused = result.validationErrors().entrySet().iterator().next();
            Map.Entry<String, List<String>> key = refused.getValue().entrySet().iterator().next();
            throw new ApiException(400, "refused_by_connect", "Connect refused the config of " + refused.getKey()
                + ": " + key.getKey() + ": " + String.join("; ", key.getValue()), key.getKey());
        }
        String action = concerned.stream().filter(c -> c.connector().equals(connector))
            .map(c -> c.action().name()).findFirst().orElse("unchanged");
        String done = result.outcomes().stream().filter(o -> o.connector().equals(connector))
            .map(ApplyResult.Outcome::done).findFirst().orElse("");
        return new Outcome(connector, action, done);
    }

    /** The DLQs of the connectors this change concerns, and the demux topics (demux connectors are always concerned). */
    private static List<TopicSpec> needed(List<Change> concerned, RenderResult rendered) {
        Set<String> dlqs = concerned.stream().filter(c -> c.desired() != null)
            .map(c -> c.desired().config().get("errors.deadletterqueue.topic.name"))
            .filter(name -> name != null)
            .collect(Collectors.toSet());
        return rendered.topics().stream()
            .filter(t -> t.purpose() == TopicSpec.Purpose.demux || dlqs.contains(t.name()))
            .toList();
    }
}
