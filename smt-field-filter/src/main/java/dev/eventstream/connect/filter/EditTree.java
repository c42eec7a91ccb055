package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.FieldPath;
import dev.eventstream.connect.filter.EditNode.Action;
import dev.eventstream.connect.json.LazyJsonObject;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configured path of a {@link FieldFilter}, merged into one tree of {@link FieldPath} segments so that a
 * record is walked once whatever the number of paths. A wildcard's subtree is merged into each named sibling at
 * build time, so the walk follows a single node per level. This tree is built from the segments
 * {@link FieldPath#parse} produced; it has no parser of its own.
 *
 * <p>The schemaless walk ({@link #apply(Map)}) is here; values with a schema go through a {@link StructEditPlan}
 * compiled from this tree once per schema. Immutable once built, and thread-safe.
 */
final class EditTree {

    private final EditNode root = new EditNode("", null);
    private final boolean keepMode;
    private final ValueMasker masker;
    private final KeyedHasher hasher;

    EditTree(FieldFilterConfig config) {
        this.keepMode = !config.keep().isEmpty();
        this.masker = new ValueMasker(config.maskReplacement(), config.maskKeepLast());
        this.hasher = config.hash().isEmpty() ? null : new KeyedHasher(config.hashSecret().value());
        add(config.keep(), FieldFilterConfig.KEEP, Action.NONE);
        add(config.mask(), FieldFilterConfig.MASK, Action.MASK);
        add(config.hash(), FieldFilterConfig.HASH, Action.HASH);
        add(config.drop(), FieldFilterConfig.DROP, Action.DROP);
        finish(root, false);
    }

    private void add(List<FieldPath> paths, String key, Action action) {
        for (FieldPath path : paths) {
            String origin = key + " path '" + path + "'";
            List<String> segments = path.segments();
            EditNode node = root;
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i);
                String location = join(node.location, path.isWildcard(i) ? "*" : quote(segment));
                if (path.isWildcard(i)) {
                    if (node.wildcard == null) {
                        node.wildcard = new EditNode(location, origin);
                    }
                    node = node.wildcard;
                } else {
                    EditNode parent = node;
                    node = parent.named.computeIfAbsent(segment, name -> new EditNode(location, origin));
                }
                if (action == Action.NONE) {
                    node.keepBranch = true;
                }
            }
            if (action == Action.NONE) {
                node.keepAll = true;
            } else {
                node.raise(action, origin);
            }
        }
    }

    /**
     * Pushes masks on containers down to their children, merges wildcards into named siblings, propagates keep-all
     * downwards and computes the walk flags.
     */
    private void finish(EditNode node, boolean keptAbove) {
        node.keepAll |= keptAbove;
        if (node.action == Action.MASK && node.hasChildren()) {
            // Masking a container masks each child; as a mask on every child, it yields to a drop or hash on one.
            if (node.wildcard == null) {
                node.wildcard = new EditNode(join(node.location, "*"), node.origin);
            }
            node.wildcard.raise(Action.MASK, node.origin);
            node.action = Action.NONE;
        }
        if (node.wildcard != null) {
            for (EditNode child : node.named.values()) {
                child.absorb(node.wildcard);
            }
        }
        node.filtersChildren = keepMode && !node.keepAll;
        boolean descends = node.filtersChildren;
        for (EditNode child : node.named.values()) {
            finish(child, node.keepAll);
            descends |= child.action != Action.NONE || child.descends;
        }
        if (node.wildcard != null) {
            finish(node.wildcard, node.keepAll);
            descends |= node.wildcard.action != Action.NONE || node.wildcard.descends;
        }
        node.descends = descends;
    }

    /**
     * The node that applies to the branch {@code branch} of a union at {@code node}. Paths go through unions without
     * naming a branch, but a path may also name it, as the union's Connect struct does ({@code card.`x.Card`.number}):
     * then the branch gets {@code node}'s other children merged with those of the child that names it.
     */
    EditNode branch(EditNode node, String branch) {
        EditNode named = node.named.get(branch);
        if (named == null) {
            return node;
        }
        EditNode merged = new EditNode(join(node.location, quote(branch)), named.origin);
        merged.absorb(node);
        merged.named.remove(branch);
        merged.absorb(named);
        finish(merged, false);
        return merged;
    }

    EditNode root() {
        return root;
    }

    ValueMasker masker() {
        return masker;
    }

    /** The hash of a value at {@code node}; a type that cannot be hashed names the path. */
    Object hash(Object value, EditNode node) {
        try {
            return hasher.hash(value);
        } catch (DataException e) {
            throw new DataException(node.origin + ": " + where(node) + ": " + e.getMessage(), e);
        }
    }

    /** Whether a value with this schema can be hashed. */
    boolean hashes() {
        return hasher != null;
    }

    /**
     * Applies every path to a schemaless value. Returns {@code value} itself when nothing changed; otherwise a
     * copy in which only the containers along changed paths are new (the input is never modified).
     *
     * @throws DataException naming the path when a path reaches through a value that is not a map or array
     */
    Object apply(Map<?, ?> value) {
        return root.descends ? editMap(value, root) : value;
    }

    private Object edit(Object value, EditNode node) {
        if (value instanceof Map) {
            return editMap((Map<?, ?>) value, node);
        }
        if (value instanceof List) {
            return editList((List<?>) value, node);
        }
        throw clash(node, value.getClass().getSimpleName());
    }

    /** The value a child becomes at {@code node}: {@link #REMOVED}, the same instance, or a new one. */
    private Object editChild(Object value, EditNode child, boolean filtering) {
        if (child == null) {
            return filtering ? REMOVED : value;
        }
        if (filtering && !child.kept()) {
            return REMOVED;
        }
        switch (child.action) {
            case DROP:
                return REMOVED;
            case MASK:
                return masker.mask(value);
            case HASH:
                return hash(value, child);
            default:
                return child.descends && value != null ? edit(value, child) : value;
        }
    }

    private Object editMap(Map<?, ?> map, EditNode node) {
        if (map instanceof LazyJsonObject && node.wildcard == null && !node.filtersChildren) {
            return editNamed((LazyJsonObject) map, node);
        }
        Map<Object, Object> copy = null;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            Object value = entry.getValue();
            EditNode child = node.child(key instanceof String ? (String) key : String.valueOf(key));
            Object edited = editChild(value, child, node.filtersChildren);
            if (copy == null && edited != value) {
                copy = copyUntil(map, key);
            }
            if (copy != null && edited != REMOVED) {
                copy.put(key, edited);
            }
        }
        return copy == null ? map : copy;
    }

    /**
     * Edits only the members the paths name, on a copy that shares the object's source and index, so that every
     * other member stays unread and is rendered from the bytes it was read from.
     */
    private Object editNamed(LazyJsonObject object, EditNode node) {
        LazyJsonObject copy = null;
        for (Map.Entry<String, EditNode> named : node.named.entrySet()) {
            String name = named.getKey();
            // once there is a copy, read from it: what it decodes, it keeps, so put does not decode it again
            LazyJsonObject source = copy == null ? object : copy;
            Object value = source.get(name);
            if (value == null && !source.containsKey(name)) {
                continue;
            }
            Object edited = editChild(value, named.getValue(), false);
            if (edited == value) {
                continue;
            }
            if (copy == null) {
                copy = object.copy();
            }
            if (edited == REMOVED) {
                copy.remove(name);
            } else {
                copy.put(name, edited);
            }
        }
        return copy == null ? object : copy;
    }

    private static Map<Object, Object> copyUntil(Map<?, ?> map, Object stop) {
        Map<Object, Object> copy = new LinkedHashMap<>(Math.max(16, map.size() * 4 / 3 + 1));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == stop) {
                break;
            }
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    private Object editList(List<?> list, EditNode node) {
        if (!node.named.isEmpty()) {
            String name = node.named.keySet().iterator().next();
            throw arrayByName(node, name);
        }
        List<Object> copy = null;
        for (int i = 0; i < list.size(); i++) {
            Object value = list.get(i);
            Object edited = editChild(value, node.wildcard, node.filtersChildren);
            if (copy == null && edited != value) {
                copy = new ArrayList<>(list.size());
                copy.addAll(list.subList(0, i));
            }
            if (copy != null && edited != REMOVED) {
                copy.add(edited);
            }
        }
        return copy == null ? list : copy;
    }

    /** A path reaches below {@code node}, but the value there is not a container. */
    static DataException clash(EditNode node, String what) {
        EditNode below = node.wildcard != null ? node.wildcard : node.named.values().iterator().next();
        return new DataException(below.origin + ": " + where(node) + " is a " + what
                + ", not a struct, map or array, so the path cannot reach below it");
    }

    static DataException arrayByName(EditNode node, String name) {
        return new DataException(node.named.get(name).origin + ": " + where(node) + " is an array, so '" + name
                + "' cannot select in it; use * to address every element");
    }

    /** {@code 'a.b'}, or {@code the root value}. */
    static String where(EditNode node) {
        return node.location.isEmpty() ? "the root value" : "'" + node.location + "'";
    }

    static String join(String location, String segment) {
        return location.isEmpty() ? segment : location + "." + segment;
    }

    private static String quote(String segment) {
        return segment.indexOf('.') >= 0 || segment.equals("*") || segment.isEmpty() ? "`" + segment + "`" : segment;
    }

    /** Marks a child that is removed. */
    static final Object REMOVED = new Object();
}
