package dev.eventstream.connect.control.plan;

import java.util.List;

/**
 * What apply would do, connector by connector (rendered order, then deletes), and the live connectors of the
 * suite that no file describes (deleted only with prune).
 */
public record Plan(List<Change> changes, List<String> unmanaged, boolean prune) {

    public Plan {
        changes = List.copyOf(changes);
        unmanaged = List.copyOf(unmanaged);
    }

    public List<Change> pending() {
        return changes.stream().filter(Change::pending).toList();
    }

    public boolean hasChanges() {
        return !pending().isEmpty();
    }

    public long count(Change.Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    public long stateChanges() {
        return changes.stream().filter(Change::changesState).count();
    }

    /** {@code 1 to create, 1 to update, 0 to delete, 1 state change}. */
    public String summary() {
        return count(Change.Action.create) + " to create, " + count(Change.Action.update) + " to update, "
            + count(Change.Action.delete) + " to delete, " + stateChanges() + " state change" + (stateChanges() == 1 ? "" : "s");
    }
}
