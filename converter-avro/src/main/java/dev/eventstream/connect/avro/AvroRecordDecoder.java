package dev.eventstream.connect.avro;

import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

import dev.eventstream.connect.avro.AvroConverterConfig.InputFormat;

/**
 * Turns the bytes of one record into Connect data: reads the framing, finds the writer and reader schemas, and
 * decodes with the {@link DecodePlan} of that pair, compiled once and cached by (schema id, reader schema). The
 * Connect schema and mapping of a reader schema are compiled once and shared by every plan that reads with it.
 * A thread remembers the plan of its last record, so a run of records with one schema costs no cache lookup.
 * Failures of the record are thrown as {@link DataException}s whose message says what is wrong with the bytes;
 * {@link AvroConverter} adds the topic. A registry that does not answer is a
 * {@link SchemaRegistryUnavailableException}: nothing is wrong with the record.
 */
final class AvroRecordDecoder {

    static final byte MAGIC_BYTE = 0;
    static final int FRAME_HEADER_LENGTH = 5;

    private final InputFormat format;
    private final SchemaRegistryClient registry;
    private final LocalSchemas local;
    private final int cacheSize;
    private volatile Cache<PlanKey, DecodePlan> plans;
    private volatile Cache<Schema, AvroToConnect.Mapping> mappings;
    private volatile Cache<org.apache.kafka.connect.data.Schema, Schema> origins;
    private final ThreadLocal<ThreadState> threadStates = ThreadLocal.withInitial(ThreadState::new);

    /** The key of a plan: the registry id of the writer schema (null for plain Avro) and the reader schema. */
    private record PlanKey(Integer schemaId, Schema reader) {
    }

    /** What a thread reuses from one record to the next: its decoder, and the plan of its last record. */
    private static final class ThreadState {
        private final BoundedDecoder decoder = new BoundedDecoder();
        private Cache<PlanKey, DecodePlan> lastPlans;
        private DecodePlan lastPlan;
        private boolean lastFramed;
        private int lastSchemaId;
        private Schema lastReader;

        /** The last record's plan if this record has the same framing, schema id and reader schema, else null. */
        DecodePlan lastPlan(Cache<PlanKey, DecodePlan> plans, boolean framed, int schemaId, Schema reader) {
            return lastPlans == plans && lastFramed == framed && lastSchemaId == schemaId && lastReader == reader
                    ? lastPlan : null;
        }

        DecodePlan remember(Cache<PlanKey, DecodePlan> plans, boolean framed, int schemaId, Schema reader,
                            DecodePlan plan) {
            lastPlans = plans;
            lastFramed = framed;
            lastSchemaId = schemaId;
            lastReader = reader;
            lastPlan = plan;
            return plan;
        }
    }

    AvroRecordDecoder(InputFormat format, SchemaRegistryClient registry, LocalSchemas local, int cacheSize) {
        this.format = format;
        this.registry = registry;
        this.local = local;
        this.cacheSize = cacheSize;
        clear();
    }

    SchemaAndValue decode(String topic, byte[] bytes) {
        Schema topicSchema = local.forTopic(topic);
        ThreadState thread = threadStates.get();
        Cache<PlanKey, DecodePlan> cache = plans;
        if (!isFramed(topicSchema, bytes)) {
            if (topicSchema == null) {
                throw new DataException("no reader schema for plain Avro: set " + AvroConverterConfig.SCHEMA_TOPIC_PREFIX
                        + topic + " or " + AvroConverterConfig.SCHEMA_DEFAULT
                        + (registry == null ? " (no " + AvroConverterConfig.REGISTRY_URL + " is set either)" : ""));
            }
            DecodePlan plan = thread.lastPlan(cache, false, 0, topicSchema);
            if (plan == null) {
                plan = thread.remember(cache, false, 0, topicSchema, Caches.computeIfAbsent(cache,
                        new PlanKey(null, topicSchema), key -> compile(topicSchema, topicSchema, null)));
            }
            return plan.decode(bytes, 0, thread.decoder);
        }
        int id = schemaId(bytes);
        DecodePlan plan = thread.lastPlan(cache, true, id, topicSchema);
        if (plan == null) {
            plan = thread.remember(cache, true, id, topicSchema, Caches.computeIfAbsent(cache,
                    new PlanKey(id, topicSchema), key -> {
                        Schema writer = writerSchema(id);
                        return compile(writer, topicSchema == null ? writer : topicSchema, id);
                    }));
        }
        return plan.decode(bytes, FRAME_HEADER_LENGTH, thread.decoder);
    }

    /** Whether the record is Confluent-framed, following {@code input.format}. */
    private boolean isFramed(Schema topicSchema, byte[] bytes) {
        return switch (format) {
            case CONFLUENT -> true;
            case PLAIN -> false;
            case AUTO -> registry != null && (topicSchema == null || (bytes.length > 0 && bytes[0] == MAGIC_BYTE));
        };
    }

    /** The schema id in the Confluent header of {@code bytes}, checked. */
    private int schemaId(byte[] bytes) {
        if (bytes.length < FRAME_HEADER_LENGTH) {
            throw new DataException("truncated payload: " + bytes.length + " byte(s), shorter than the 5-byte "
                    + "Confluent header (magic byte 0 + schema id)");
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new DataException(String.format(Locale.ROOT, "unknown magic byte 0x%02x: expected 0x00 "
                    + "(Confluent framing); set %s=plain for unframed Avro", bytes[0] & 0xff,
                    AvroConverterConfig.INPUT_FORMAT));
        }
        int id = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
        if (registry == null) {
            throw new DataException("Confluent-framed record (schema id " + id + ") but no "
                    + AvroConverterConfig.REGISTRY_URL + " is set; without a registry only plain Avro with "
                    + AvroConverterConfig.SCHEMA_TOPIC_PREFIX + "<topic> or " + AvroConverterConfig.SCHEMA_DEFAULT
                    + " can be read");
        }
        return id;
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    /** The Connect mapping of a reader schema, compiled once. */
    AvroToConnect.Mapping mapping(Schema reader) {
        return Caches.computeIfAbsent(mappings, reader, schema -> {
            AvroToConnect.Mapping mapping = AvroToConnect.compile(schema);
            origins.put(mapping.schema(), schema);
            return mapping;
        });
    }

    /** The Avro schema a Connect schema was derived from by this decoder, or null. */
    Schema originOf(org.apache.kafka.connect.data.Schema connectSchema) {
        return origins.get(connectSchema);
    }

    /** Empties the caches (Kafka's {@code Cache} has no clear: fresh ones replace them). */
    final void clear() {
        plans = Caches.lru(cacheSize);
        mappings = Caches.lru(cacheSize);
        origins = Caches.lru(cacheSize);
    }

    private DecodePlan compile(Schema writer, Schema reader, Integer schemaId) {
        return new DecodePlan(writer, reader, schemaId, mapping(reader));
    }
}
