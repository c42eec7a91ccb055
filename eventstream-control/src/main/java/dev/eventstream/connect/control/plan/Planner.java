package dev.eventstream.connect.control.plan;

import dev.eventstream.connect.control.connect.LiveConnector;
import dev.eventstream.connect.control.model.ConnectorState;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the rendered connectors with the live ones. A connector is the suite's when its config carries
 * {@link RenderedConnector#DIGEST_KEY}; only those are deleted by prune, never a connector someone else runs.
 */
public final class Planner {

    public Plan plan(RenderResult rendered, Map<String, LiveConnector> live, boolean prune) {
        List<Change> changes = new ArrayList<>();
        for (RenderedConnector desired : rendered.connectors()) {
            LiveConnector current = live.get(desired.name());
            if (current == null) {
                changes.add(new Change(desired.name(), Change.Action.create, added(desired.config()), null,
                    desired.state(), false, desired));
                continue;
            }
            List<KeyDiff> diff = diff(current.config(), desired.config());
            ConnectorState liveState = ConnectorState.fromConnect(current.status() == null ? null : current.status().state());
            ConnectorState toState = liveState == desired.state() ? null : desired.state();
            boolean drift = !diff.isEmpty() && desired.digest().equals(current.config().get(RenderedConnector.DIGEST_KEY));
            changes.add(new Change(desired.name(), diff.isEmpty() ? Change.Action.unchanged : Change.Action.update, diff,
                liveState, toState, drift, desired));
        }
        List<String> unmanaged = new ArrayList<>();
        for (LiveConnector current : live.values()) {
            boolean ours = current.config().containsKey(RenderedConnector.DIGEST_KEY);
            if (!ours || rendered.connector(current.name()).isPresent()) {
                continue;
            }
            if (prune) {
                changes.add(new Change(current.name(), Change.Action.delete, removed(current.config()),
                    ConnectorState.fromConnect(current.status() == null ? null : current.status().state()), null, false, null));
            } else {
                unmanaged.add(current.name());
            }
        }
        return new Plan(changes, unmanaged, prune);
    }

    /** Per key, sorted: what the live config has that the rendered one changes, adds or drops ({@code name} aside). */
    static List<KeyDiff> diff(Map<String, String> live, Map<String, String> desired) {
        Set<String> keys = new TreeSet<>(live.keySet());
        keys.addAll(desired.keySet());
        keys.remove("name");
        List<KeyDiff> diff = new ArrayList<>();
        for (String key : keys) {
            String before = live.get(key);
            String after = desired.get(key);
            if (before == null || !before.equals(after)) {
                diff.add(KeyDiff.of(key, before, after));
            }
        }
        return diff;
    }

    private static List<KeyDiff> added(Map<String, String> config) {
        return config.entrySet().stream().map(e -> KeyDiff.of(e.getKey(), null, e.getValue())).toList();
    }

    private static List<KeyDiff> removed(Map<String, String> config) {
        return config.entrySet().stream().filter(e -> !e.getKey().equals("name"))
            .map(e -> KeyDiff.of(e.getKey(), e.getValue(), null)).toList();
    }
}
