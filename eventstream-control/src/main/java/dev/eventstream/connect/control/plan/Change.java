package dev.eventstream.connect.control.plan;

import dev.eventstream.connect.control.model.ConnectorState;
import dev.eventstream.connect.control.render.RenderedConnector;
import java.util.List;

/**
 * What apply does to one connector: create, update (with the per-key diff), delete, or nothing to its config;
 * and a state change (pause, resume, stop) when its state differs from the endpoint's.
 *
 * @param desired   the rendered connector; null for a delete
 * @param fromState the live state, null for a create
 * @param toState   the target state when it differs from the live one (always set for a create), else null
 * @param drift     the live config has the rendered digest but other values: it was changed outside eventstream
 */
public record Change(String connector, Action action, List<KeyDiff> diff, ConnectorState fromState,
                     ConnectorState toState, boolean drift, RenderedConnector desired) {

    public Change {
        diff = List.copyOf(diff);
    }

    public enum Action { create, update, delete, unchanged }

    public boolean changesState() {
        return action != Action.create && toState != null;
    }

    /** Whether apply has anything to do for this connector. */
    public boolean pending() {
        return action != Action.unchanged || changesState();
    }
}
