package dev.eventstream.connect.filter;

import java.util.HashMap;
import java.util.Map;

/**
 * One node of an {@link EditTree}: a position below the root reached by a sequence of path segments, with what
 * happens to the value there and the nodes below it. Mutable while the tree is built, then only read.
 */
final class EditNode {

    /** What happens to the value at a node. Declared by increasing precedence: when paths overlap, the last wins. */
    enum Action { NONE, MASK, HASH, DROP }

    /** Where this node is, as dotted segments ({@code ""} for the root), for messages. */
    final String location;
    /** The configured path that created this node (the first one, when several pass here) and its key. */
    String origin;

    Action action = Action.NONE;
    /** Keep mode: the whole value here is kept (a keep path ends here or above). */
    boolean keepAll;
    /** Keep mode: a keep path passes through or ends here, so the value is kept at least in part. */
    boolean keepBranch;
    /** Keep mode: children that no keep path reaches are removed. Set by {@link EditTree#finish}. */
    boolean filtersChildren;
    /** Whether anything below this node changes (a child with an action, a filter, or descendants that do). */
    boolean descends;

    final Map<String, EditNode> named = new HashMap<>();
    EditNode wildcard;

    EditNode(String location, String origin) {
        this.location = location;
        this.origin = origin;
    }

    /** The node that applies to the child called {@code name}: its own node, else the wildcard's, else null. */
    EditNode child(String name) {
        if (!named.isEmpty()) {
            EditNode node = named.get(name);
            if (node != null) {
                return node;
            }
        }
        return wildcard;
    }

    /** Sets {@code action} (from the path {@code origin}) unless a stronger one is already set here. */
    void raise(Action action, String origin) {
        if (action.compareTo(this.action) > 0) {
            this.action = action;
            this.origin = origin;
        }
    }

    /** Whether a filtering parent keeps the value at this node. */
    boolean kept() {
        return keepAll || keepBranch;
    }

    boolean hasChildren() {
        return wildcard != null || !named.isEmpty();
    }

    /** Merges a deep copy of {@code other} (the wildcard sibling) into this node. */
    void absorb(EditNode other) {
        raise(other.action, other.origin);
        keepAll |= other.keepAll;
        keepBranch |= other.keepBranch;
        for (Map.Entry<String, EditNode> entry : other.named.entrySet()) {
            EditNode mine = named.computeIfAbsent(entry.getKey(),
                    name -> new EditNode(EditTree.join(location, name), entry.getValue().origin));
            mine.absorb(entry.getValue());
        }
        if (other.wildcard != null) {
            if (wildcard == null) {
                wildcard = new EditNode(EditTree.join(location, "*"), other.wildcard.origin);
            }
            wildcard.absorb(other.wildcard);
        }
    }
}
