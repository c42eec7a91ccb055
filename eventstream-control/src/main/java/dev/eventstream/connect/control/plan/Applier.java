package dev.eventstream.connect.control.plan;

import dev.eventstream.connect.control.connect.ConfigValidation;
import dev.eventstream.connect.control.connect.ConnectClient;
import dev.eventstream.connect.control.kafka.KafkaTopics;
import dev.eventstream.connect.control.render.RenderResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Carries out a {@link Plan}: first every new or changed config through the plugin's own
 * {@code PUT /connector-plugins/{class}/config/validate} (any error: nothing is changed), then the missing DLQ and
 * per-tenant topics, then per connector {@code POST /connectors} with {@code initial_state} or
 * {@code PUT /connectors/{name}/config}, the state change, or the delete. Applying an unchanged plan does nothing.
 */
public final class Applier {

    private final ConnectClient connect;
    private final KafkaTopics topics;
    private final Consumer<ApplyEvent> progress;

    /** @param topics the Admin client for the deployment's Kafka; null when topics are left to the cluster */
    public Applier(ConnectClient connect, KafkaTopics topics, Consumer<ApplyEvent> progress) {
        this.connect = connect;
        this.topics = topics;
        this.progress = progress;
    }

    public ApplyResult apply(Plan plan, RenderResult rendered) {
        List<Change> pending = plan.pending();
        Map<String, Map<String, List<String>>> refused = validate(pending);
        if (!refused.isEmpty()) {
            return new ApplyResult(List.of(), List.of(), refused);
        }
        List<String> created = topics == null ? List.of() : topics.createMissing(rendered.topics());
        List<ApplyResult.Outcome> outcomes = new ArrayList<>();
        int step = 0;
        for (Change change : pending) {
            String what = change.action() == Change.Action.unchanged ? "state " + change.toState().connectName() : change.action().name();
            progress.accept(new ApplyEvent(++step, pending.size(), change.connector(), what));
            outcomes.add(new ApplyResult.Outcome(change.connector(), carryOut(change)));
        }
        return new ApplyResult(created, outcomes, Map.of());
    }

    private Map<String, Map<String, List<String>>> validate(List<Change> pending) {
        Map<String, Map<String, List<String>>> refused = new TreeMap<>();
        for (Change change : pending) {
            if (change.action() == Change.Action.create || change.action() == Change.Action.update) {
                ConfigValidation validation = connect.validate(change.connector(), change.desired().config());
                if (!validation.ok()) {
                    refused.put(change.connector(), validation.errors());
                }
            }
        }
        return refused;
    }

    private String carryOut(Change change) {
        String name = change.connector();
        switch (change.action()) {
            case create -> {
                connect.create(name, change.desired().config(), change.toState());
                return "created (" + change.toState().connectName() + ")";
            }
            case delete -> {
                connect.delete(name);
                return "deleted";
            }
            case update -> connect.putConfig(name, change.desired().config());
            case unchanged -> { }
            default -> throw new IllegalStateException("Unknown action " + change.action());
        }
        String done = change.action() == Change.Action.update ? "updated" : "";
        if (change.changesState()) {
            connect.setState(name, change.toState());
            done = (done.isEmpty() ? "" : done + ", ") + change.toState().connectName();
        }
        return done;
    }
}
