package dev.eventstream.connect.filter;

import dev.eventstream.connect.filter.EditNode.Action;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.util.SchemaUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link EditTree} does to values of one schema, worked out once: the output schema (the same instance
 * when no field is removed) and, per output field, where its value comes from and what happens to it. Applying
 * it to a Struct is then an array walk with no name lookups. Plans are cached per input schema by
 * {@link FieldFilter}. Immutable and thread-safe.
 */
final class StructEditPlan {

    /** What happens to one value of a known schema. */
    interface ValueEdit {
        Object apply(Object value);
    }

    private final Schema schema;
    private final ValueEdit edit;

    private StructEditPlan(Schema schema, ValueEdit edit) {
        this.schema = schema;
        this.edit = edit;
    }

    /**
     * Compiles the plan for Structs of {@code schema}.
     *
     * @throws DataException naming the path when a path reaches through a field whose schema is not a container,
     *                       or hashes a type that cannot be hashed
     */
    static StructEditPlan compile(EditTree tree, Schema schema) {
        Compiled compiled = new Compiler(tree).compile(schema, tree.root());
        return new StructEditPlan(compiled.schema, compiled.edit);
    }

    /** The schema of the edited values. */
    Schema schema() {
        return schema;
    }

    /** The edited Struct, or {@code struct} itself when nothing changes. */
    Struct apply(Struct struct) {
        return edit == null ? struct : (Struct) edit.apply(struct);
    }

    private static final class Compiled {
        final Schema schema;
        final ValueEdit edit; // null: the value is unchanged

        Compiled(Schema schema, ValueEdit edit) {
            this.schema = schema;
            this.edit = edit;
        }
    }

    private static final class Compiler {
        private final EditTree tree;

        Compiler(EditTree tree) {
            this.tree = tree;
        }

        /** The plan for a value of {@code schema} below which {@code node}'s children select. */
        Compiled compile(Schema schema, EditNode node) {
            if (!node.descends) {
                return new Compiled(schema, null);
            }
            if (isUnion(schema)) {
                return union(schema, node);
            }
            switch (schema.type()) {
                case STRUCT:
                    return struct(schema, node);
                case ARRAY:
                    return array(schema, node);
                case MAP:
                    return map(schema, node);
                default:
                    throw EditTree.clash(node, schema.type() + " field");
            }
        }

        /** The plan for a child value: removed (null), or what it becomes. */
        Compiled child(Schema schema, EditNode child, boolean filtering) {
            if (child == null) {
                return filtering ? null : new Compiled(schema, null);
            }
            if (filtering && !child.kept()) {
                return null;
            }
            switch (child.action) {
                case DROP:
                    return null;
                case MASK:
                    ValueMasker masker = tree.masker();
                    return new Compiled(schema, masker::mask);
                case HASH:
                    if (isUnion(schema)) {
                        return hashUnion(schema, child);
                    }
                    if (!KeyedHasher.canHash(schema)) {
                        throw new DataException(child.origin + ": '" + child.location + "' has schema "
                                + describe(schema) + ", which cannot be hashed in its own type: only strings, "
                                + "integers and bytes can; mask this field instead");
                    }
                    return new Compiled(schema, value -> tree.hash(value, child));
                default:
                    return compile(schema, child);
            }
        }

        private Compiled struct(Schema schema, EditNode node) {
            List<Compiled> plans = new ArrayList<>(schema.fields().size());
            for (Field field : schema.fields()) {
                plans.add(child(field.schema(), node.child(field.name()), node.filtersChildren));
            }
            return struct(schema, plans);
        }

        /**
         * A union (a Struct named {@link JsonRenderer#AVRO_UNION_SCHEMA_NAME}, one optional field per branch, one
         * set) is transparent: {@code node}'s children select in whichever branch is set, as they would in a value
         * of that branch's type, so users write {@code card.number} whatever the branches of {@code card}.
         */
        private Compiled union(Schema schema, EditNode node) {
            List<Compiled> plans = new ArrayList<>(schema.fields().size());
            boolean reachable = false;
            for (Field branch : schema.fields()) {
                Schema type = branch.schema();
                EditNode branchNode = tree.branch(node, branch.name());
                boolean container = isUnion(type) || type.type() == Schema.Type.STRUCT
                        || type.type() == Schema.Type.ARRAY || type.type() == Schema.Type.MAP;
                if (branchNode.action != Action.NONE) {
                    reachable = true;
                    Compiled plan = child(type, branchNode, false);
                    plans.add(plan == null ? new Compiled(type, value -> null) : plan);
                } else if (container) {
                    reachable = true;
                    plans.add(compile(type, branchNode));
                } else {
                    reachable |= branchNode != node;
                    plans.add(scalarBranch(type, branchNode));
                }
            }
            if (!reachable) {
                throw EditTree.clash(node, "union of " + branchTypes(schema));
            }
            return struct(schema, plans);
        }

        /**
         * A scalar branch has no fields for a path to select: a {@code *} (or a mask on the union, pushed down to
         * it) applies to the whole value; other paths leave it as it is, and in keep mode it is removed (nulled,
         * as a union keeps all its branch fields).
         */
        private Compiled scalarBranch(Schema type, EditNode node) {
            EditNode all = node.wildcard;
            Compiled plan;
            if (all != null && !all.hasChildren()) {
                plan = child(type, all, node.filtersChildren);
            } else {
                plan = node.filtersChildren ? null : new Compiled(type, null);
            }
            return plan == null ? new Compiled(type, value -> null) : plan;
        }

        /** Hashes the branch that is set; a branch that cannot be hashed fails the record that holds it. */
        private Compiled hashUnion(Schema schema, EditNode node) {
            List<Compiled> plans = new ArrayList<>(schema.fields().size());
            boolean hashable = false;
            for (Field branch : schema.fields()) {
                Schema type = branch.schema();
                if (KeyedHasher.canHash(type)) {
                    hashable = true;
                    plans.add(new Compiled(type, value -> tree.hash(value, node)));
                } else {
                    plans.add(new Compiled(type, value -> {
                        throw new DataException(node.origin + ": '" + node.location + "' holds a value of its union's "
                                + "branch " + describe(type) + ", which cannot be hashed in its own type: only strings, "
                                + "integers and bytes can; mask this field instead");
                    }));
                }
            }
            if (!hashable) {
                throw new DataException(node.origin + ": '" + node.location + "' is a union of " + branchTypes(schema)
                        + ", none of which can be hashed in its own type: only strings, integers and bytes can; mask "
                        + "this field instead");
            }
            return struct(schema, plans);
        }

        /** A Struct of {@code schema} whose field i becomes {@code plans[i]} (null: removed). */
        private Compiled struct(Schema schema, List<Compiled> fieldPlans) {
            List<Field> fields = schema.fields();
            List<Field> kept = new ArrayList<>(fields.size());
            List<Compiled> plans = new ArrayList<>(fields.size());
            boolean schemaChanged = false;
            boolean valuesChange = false;
            for (Field field : fields) {
                Compiled plan = fieldPlans.get(field.index());
                if (plan == null) {
                    schemaChanged = true;
                    continue;
                }
                kept.add(field);
                plans.add(plan);
                schemaChanged |= plan.schema != field.schema();
                valuesChange |= plan.edit != null;
            }
            if (!schemaChanged && !valuesChange) {
                return new Compiled(schema, null);
            }
            Schema target;
            StructEdit edit;
            if (!schemaChanged) {
                target = schema;
                edit = new StructEdit(schema, schema, kept, plans);
            } else {
                SchemaBuilder builder = copyHeader(schema, SchemaBuilder.struct());
                for (int i = 0; i < kept.size(); i++) {
                    builder.field(kept.get(i).name(), plans.get(i).schema);
                }
                if (schema.defaultValue() != null) {
                    // Connect checks a Struct default against the builder itself, so convert it with the builder.
                    builder.defaultValue(new StructEdit(schema, builder, kept, plans).apply(schema.defaultValue()));
                }
                target = builder.build();
                edit = new StructEdit(schema, target, kept, plans);
            }
            return new Compiled(target, edit);
        }

        private Compiled array(Schema schema, EditNode node) {
            if (!node.named.isEmpty()) {
                String name = node.named.keySet().iterator().next();
                throw EditTree.arrayByName(node, name);
            }
            Compiled element = child(schema.valueSchema(), node.wildcard, node.filtersChildren);
            ValueEdit edit;
            Schema elementSchema;
            if (element == null) {
                edit = value -> ((List<?>) value).isEmpty() ? value : new ArrayList<>();
                elementSchema = schema.valueSchema();
            } else if (element.edit == null) {
                return new Compiled(element.schema == schema.valueSchema() ? schema : rebuild(schema,
                        SchemaBuilder.array(element.schema), null), null);
            } else {
                edit = listEdit(element.edit);
                elementSchema = element.schema;
            }
            Schema target = elementSchema == schema.valueSchema() ? schema
                    : rebuild(schema, SchemaBuilder.array(elementSchema), edit);
            return new Compiled(target, edit);
        }

        private Compiled map(Schema schema, EditNode node) {
            Schema values = schema.valueSchema();
            Compiled wildcard = node.wildcard == null ? (node.filtersChildren ? null : new Compiled(values, null))
                    : child(values, node.wildcard, node.filtersChildren);
            Schema valueSchema = wildcard == null ? values : wildcard.schema;
            Map<String, Compiled> named = new HashMap<>();
            for (Map.Entry<String, EditNode> entry : node.named.entrySet()) {
                Compiled plan = child(values, entry.getValue(), node.filtersChildren);
                if (plan != null && !plan.schema.equals(valueSchema)) {
                    throw new DataException(entry.getValue().origin + ": " + EditTree.where(node) + " is a map with a "
                            + "schema, whose values all share one schema, so the schema under key '" + entry.getKey()
                            + "' alone cannot change; use * to apply the change to every value");
                }
                named.put(entry.getKey(), plan);
            }
            boolean changes = wildcard == null || wildcard.edit != null;
            for (Compiled plan : named.values()) {
                changes |= plan == null || plan.edit != null;
            }
            if (!changes) {
                return new Compiled(schema, null);
            }
            ValueEdit edit = new MapEdit(named, wildcard);
            Schema target = valueSchema == values ? schema
                    : rebuild(schema, SchemaBuilder.map(schema.keySchema(), valueSchema), edit);
            return new Compiled(target, edit);
        }

        private static ValueEdit listEdit(ValueEdit element) {
            return value -> {
                List<?> list = (List<?>) value;
                List<Object> copy = null;
                for (int i = 0; i < list.size(); i++) {
                    Object old = list.get(i);
                    Object edited = old == null ? null : element.apply(old);
                    if (copy == null && edited != old) {
                        copy = new ArrayList<>(list);
                    }
                    if (copy != null) {
                        copy.set(i, edited);
                    }
                }
                return copy == null ? list : copy;
            };
        }

        private static Schema rebuild(Schema original, SchemaBuilder builder, ValueEdit edit) {
            copyHeader(original, builder);
            if (original.defaultValue() != null) {
                builder.defaultValue(edit == null ? original.defaultValue() : edit.apply(original.defaultValue()));
            }
            return builder.build();
        }

        /** Kafka's copy of name, version, doc and parameters, plus optionality (which it leaves out). */
        private static SchemaBuilder copyHeader(Schema from, SchemaBuilder to) {
            SchemaUtil.copySchemaBasics(from, to);
            return from.isOptional() ? to.optional() : to;
        }

        private static boolean isUnion(Schema schema) {
            return schema.type() == Schema.Type.STRUCT && JsonRenderer.AVRO_UNION_SCHEMA_NAME.equals(schema.name());
        }

        private static String branchTypes(Schema union) {
            List<String> types = new ArrayList<>();
            for (Field branch : union.fields()) {
                types.add(describe(branch.schema()));
            }
            return String.join(", ", types);
        }

        private static String describe(Schema schema) {
            return schema.name() == null ? schema.type().toString() : schema.type() + " (" + schema.name() + ")";
        }
    }

    /** Rebuilds a Struct: output field i takes input field {@code sources[i]}, through {@code edits[i]} if any. */
    private static final class StructEdit implements ValueEdit {
        private final Schema target;
        private final Field[] targetFields;
        private final Field[] sources;
        private final ValueEdit[] edits;
        private final boolean sameSchema;

        StructEdit(Schema source, Schema target, List<Field> sources, List<Compiled> plans) {
            this.target = target;
            this.sameSchema = source == target;
            this.targetFields = target.fields().toArray(new Field[0]);
            this.sources = sources.toArray(new Field[0]);
            this.edits = new ValueEdit[plans.size()];
            for (int i = 0; i < edits.length; i++) {
                edits[i] = plans.get(i).edit;
            }
        }

        @Override
        public Object apply(Object value) {
            Struct struct = (Struct) value;
            // Same schema: copy on write, so that a record no path touches comes back as is.
            Struct result = sameSchema ? null : new Struct(target);
            for (int i = 0; i < sources.length; i++) {
                Object old = struct.get(sources[i]);
                if (old == null) {
                    continue;
                }
                ValueEdit edit = edits[i];
                Object edited = edit == null ? old : edit.apply(old);
                if (result == null) {
                    if (edited == old) {
                        continue;
                    }
                    result = new Struct(target);
                    for (int j = 0; j < i; j++) {
                        Object before = struct.get(sources[j]);
                        if (before != null) {
                            result.put(targetFields[j], before);
                        }
                    }
                }
                result.put(targetFields[i], edited);
            }
            return result == null ? struct : result;
        }
    }

    /** Edits the entries of a map with a schema: by key when a path names it, else by the wildcard's plan. */
    private static final class MapEdit implements ValueEdit {
        private final Map<String, Compiled> named;
        private final Compiled wildcard; // null: entries no path names are removed

        MapEdit(Map<String, Compiled> named, Compiled wildcard) {
            this.named = named;
            this.wildcard = wildcard;
        }

        @Override
        public Object apply(Object value) {
            Map<?, ?> map = (Map<?, ?>) value;
            Map<Object, Object> copy = null;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                Object old = entry.getValue();
                String name = key instanceof String ? (String) key : String.valueOf(key);
                Compiled plan = named.isEmpty() || !named.containsKey(name) ? wildcard : named.get(name);
                Object edited;
                if (plan == null) {
                    edited = EditTree.REMOVED;
                } else {
                    edited = plan.edit == null || old == null ? old : plan.edit.apply(old);
                }
                if (copy == null && edited != old) {
                    copy = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> before : map.entrySet()) {
                        if (before.getKey() == key) {
                            break;
                        }
                        copy.put(before.getKey(), before.getValue());
                    }
                }
                if (copy != null && edited != EditTree.REMOVED) {
                    copy.put(key, edited);
                }
            }
            return copy == null ? map : copy;
        }
    }
}
