package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.util.Requirements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Drops, keeps, masks or hashes fields anywhere in a record's key ({@link Key}) or value ({@link Value}):
 * nested, in arrays and maps, in schemaless maps (JSON) and in Structs (Avro, JSON with schemas).
 *
 * <p>All configured paths are merged into one tree and applied in a single walk of the record. For Structs, the
 * output schema and a per-field plan are derived once per input schema and cached (16 schemas, least recently
 * used evicted). Only the containers along changed paths are copied; the input is never modified, and a record
 * that nothing changes is returned as is. A null operand (a tombstone) passes through.
 *
 * <p>A path that reaches through a value that is not a struct, map or array is a {@link DataException} naming
 * the path and the record's topic, partition and offset, so that {@code errors.tolerance=all} routes the record
 * to the dead letter queue. One instance serves one task, as Connect arranges; see {@link KeyedHasher} for how
 * hashing stays safe if an instance is shared between threads.
 */
public abstract class FieldFilter<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

    public static final String OVERVIEW_DOC = "Drop, keep (allowlist), mask or hash (HMAC-SHA256) fields anywhere "
            + "in the record, by nested paths with * wildcards, in Structs and schemaless maps. Use the concrete "
            + "transformation type designed for the record key (<code>" + Key.class.getName() + "</code>) or value "
            + "(<code>" + Value.class.getName() + "</code>).";

    private static final Logger log = LoggerFactory.getLogger(FieldFilter.class);
    private static final String PURPOSE = "field filtering";

    private EditTree tree;
    private Cache<Schema, StructEditPlan> plans;

    @Override
    public void configure(Map<String, ?> props) {
        FieldFilterConfig config = new FieldFilterConfig(props);
        tree = new EditTree(config);
        plans = new SynchronizedCache<>(new LRUCache<>(16));
        log.debug("FieldFilter configured: drop {}, keep {}, mask {}, hash {}", config.drop(), config.keep(),
                config.mask(), config.hash());
    }

    @Override
    public R apply(R record) {
        Object operand = operandValue(record);
        if (operand == null) {
            return record;
        }
        try {
            if (operandSchema(record) == null) {
                Map<String, Object> map = Requirements.requireMap(operand, PURPOSE);
                Object edited = tree.apply(map);
                return edited == map ? record : newRecord(record, null, edited);
            }
            Struct struct = Requirements.requireStruct(operand, PURPOSE);
            StructEditPlan plan = planFor(struct.schema());
            Struct edited = plan.apply(struct);
            return edited == struct ? record : newRecord(record, plan.schema(), edited);
        } catch (DataException e) {
            throw new DataException(e.getMessage() + " " + RecordCoordinates.describe(record), e);
        }
    }

    private StructEditPlan planFor(Schema schema) {
        StructEditPlan plan = plans.get(schema);
        if (plan == null) {
            plan = StructEditPlan.compile(tree, schema);
            plans.put(schema, plan);
        }
        return plan;
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public ConfigDef config() {
        return FieldFilterConfig.configDef();
    }

    @Override
    public void close() {
        plans = null;
        tree = null;
    }

    protected abstract Schema operandSchema(R record);

    protected abstract Object operandValue(R record);

    protected abstract R newRecord(R record, Schema updatedSchema, Object updatedValue);

    /** Filters the record key. */
    public static final class Key<R extends ConnectRecord<R>> extends FieldFilter<R> {
        @Override
        protected Schema operandSchema(R record) {
            return record.keySchema();
        }

        @Override
        protected Object operandValue(R record) {
            return record.key();
        }

        @Override
        protected R newRecord(R record, Schema updatedSchema, Object updatedValue) {
            return record.newRecord(record.topic(), record.kafkaPartition(), updatedSchema, updatedValue,
                    record.valueSchema(), record.value(), record.timestamp(), record.headers());
        }
    }

    /** Filters the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends FieldFilter<R> {
        @Override
        protected Schema operandSchema(R record) {
            return record.valueSchema();
        }

        @Override
        protected Object operandValue(R record) {
            return record.value();
        }

        @Override
        protected R newRecord(R record, Schema updatedSchema, Object updatedValue) {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    updatedSchema, updatedValue, record.timestamp(), record.headers());
        }
    }
}
