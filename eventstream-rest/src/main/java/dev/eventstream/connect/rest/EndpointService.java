package dev.eventstream.connect.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.connect.LiveConnector;
import dev.eventstream.connect.control.plan.Applier;
import dev.eventstream.connect.control.plan.ApplyResult;
import dev.eventstream.connect.control.plan.Change;
import dev.eventstream.connect.control.plan.Plan;
import dev.eventstream.connect.control.plan.Planner;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import dev.eventstream.connect.control.validate.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes one endpoint the way {@code eventstream apply} would: validate the directory with the new file, write
 * it, render, plan and apply only the connectors that file concerns (the endpoint's own and, with demux, the
 * demux connectors), never pruning anything else. One change at a time per worker.
 */
final class EndpointService {

    /** What a PUT or DELETE did to the connector. */
    record Outcome(String connector, String action, String done) { }

    private final ConfigStore store;

    EndpointService(ConfigStore store) {
        this.store = store;
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

    private static Outcome apply(ControlPlane plane, String connector, ConnectClient connect) {
        RenderResult rendered = new Renderer().render(plane);
        Map<String, LiveConnector> live = connect.connectors();
        Plan full = new Planner().plan(rendered, live, false);
        List<Change> concerned = full.changes().stream()
            .filter(c -> c.connector().equals(connector)
                || (c.desired() != null && c.desired().kind() == RenderedConnector.Kind.demux))
            .toList();
        ApplyResult result = new Applier(connect, null, event -> { }).apply(new Plan(concerned, List.of(), false), rendered);
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
}
