package dev.eventstream.connect.avro;

import java.io.EOFException;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

import dev.eventstream.connect.avro.AvroConverterConfig.InputFormat;

/**
 * Turns the bytes of one record into Connect data: reads the framing, finds the writer and reader schemas,
 * decodes with a {@link GenericDatumReader} cached per (writer, reader) pair, and maps the result with a mapping
 * compiled once per reader schema. Failures of the record are thrown as {@link DataException}s whose message says
 * what is wrong with the bytes; {@link AvroConverter} adds the topic. A registry that does not answer is a
 * {@link SchemaRegistryUnavailableException}: nothing is wrong with the record.
 */
final class AvroRecordDecoder {

    static final byte MAGIC_BYTE = 0;
    static final int FRAME_HEADER_LENGTH = 5;
    /** Upper bound of the initial capacity of decoded arrays and maps, so a corrupt count cannot exhaust memory. */
    private static final int MAX_INITIAL_CAPACITY = 1024;

    private final InputFormat format;
    private final SchemaRegistryClient registry;
    private final LocalSchemas local;
    private final int cacheSize;
    private volatile Cache<SchemaPair, Decoding> decodings;
    private volatile Cache<Schema, AvroToConnect.Mapping> mappings;
    private volatile Cache<org.apache.kafka.connect.data.Schema, Schema> origins;
    private final GenericData data = new OrderedGenericData();
    private final ThreadLocal<BoundedDecoder> reusableDecoder = ThreadLocal.withInitial(BoundedDecoder::new);

    /** What the bytes were written with, and how they were framed. */
    record Source(Schema writer, Schema reader, Integer schemaId) {
    }

    private record SchemaPair(Schema writer, Schema reader) {
    }

    private record Decoding(GenericDatumReader<Object> reader, AvroToConnect.Mapping mapping, boolean checkCounts) {
    }

    AvroRecordDecoder(InputFormat format, SchemaRegistryClient registry, LocalSchemas local, int cacheSize) {
        this.format = format;
        this.registry = registry;
        this.local = local;
        this.cacheSize = cacheSize;
        clear();
    }

    SchemaAndValue decode(String topic, byte[] bytes) {
        Source source = source(topic, bytes);
        int offset = source.schemaId() == null ? 0 : FRAME_HEADER_LENGTH;
        Decoding decoding = Caches.computeIfAbsent(decodings, new SchemaPair(source.writer(), source.reader()), this::compile);
        int length = bytes.length - offset;
        BoundedDecoder decoder = reusableDecoder.get();
        decoder.reset(DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder.binaryDecoder()),
                decoding.checkCounts());
        Object datum;
        try {
            datum = decoding.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DataException("corrupt payload: bytes left over after the Avro datum of "
                        + describe(source));
            }
        } catch (EOFException e) {
            throw new DataException("truncated payload: " + (bytes.length - offset) + " byte(s) end before the "
                    + "Avro datum of " + describe(source) + " is complete", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException) {
                throw (DataException) e;
            }
            throw new DataException("corrupt payload: it does not decode as " + describe(source) + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        AvroToConnect.Mapping mapping = decoding.mapping();
        return new SchemaAndValue(mapping.schema(), mapping.mapper().map(datum));
    }

    /** The writer/reader schemas and framing of a record, following {@code input.format}. */
    Source source(String topic, byte[] bytes) {
        Schema topicSchema = local.forTopic(topic);
        boolean framed = switch (format) {
            case CONFLUENT -> true;
            case PLAIN -> false;
            case AUTO -> registry != null && (topicSchema == null || (bytes.length > 0 && bytes[0] == MAGIC_BYTE));
        };
        if (!framed) {
            if (topicSchema == null) {
                throw new DataException("no reader schema for plain Avro: set " + AvroConverterConfig.SCHEMA_TOPIC_PREFIX
                        + topic + " or " + AvroConverterConfig.SCHEMA_DEFAULT
                        + (registry == null ? " (no " + AvroConverterConfig.REGISTRY_URL + " is set either)" : ""));
            }
            return new Source(topicSchema, topicSchema, null);
        }
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
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            throw new DataException(e.getMessage(), e);
        }
        return new Source(writer, topicSchema == null ? writer : topicSchema, id);
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
        decodings = Caches.lru(cacheSize);
        mappings = Caches.lru(cacheSize);
        origins = Caches.lru(cacheSize);
    }

    private Decoding compile(SchemaPair pair) {
        if (pair.writer() != pair.reader()) {
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(pair.reader(), pair.writer());
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new DataException("the writer schema " + pair.writer().getFullName()
                        + " cannot be read with the reader schema " + pair.reader().getFullName() + ": "
                        + compatibility.getResult().getIncompatibilities());
            }
        }
        AvroToConnect.Mapping mapping = mapping(pair.reader());
        return new Decoding(new GenericDatumReader<>(pair.writer(), pair.reader(), data), mapping,
                !hasArrayOfZeroSizeItems(pair.writer(), new HashSet<>()));
    }

    private static String describe(Source source) {
        String name = source.writer().getType() == Schema.Type.RECORD
                ? source.writer().getFullName() : source.writer().getType().getName();
        return source.schemaId() == null ? name : name + " (schema id " + source.schemaId() + ")";
    }

    /** Whether an array in {@code schema} has items that may encode in zero bytes, so counts cannot be bounded. */
    private static boolean hasArrayOfZeroSizeItems(Schema schema, Set<String> seen) {
        return switch (schema.getType()) {
            case ARRAY -> mayBeEmpty(schema.getElementType(), new HashSet<>())
                    || hasArrayOfZeroSizeItems(schema.getElementType(), seen);
            case MAP -> hasArrayOfZeroSizeItems(schema.getValueType(), seen);
            case UNION -> schema.getTypes().stream().anyMatch(branch -> hasArrayOfZeroSizeItems(branch, seen));
            case RECORD -> seen.add(schema.getFullName())
                    && schema.getFields().stream().anyMatch(field -> hasArrayOfZeroSizeItems(field.schema(), seen));
            default -> false;
        };
    }

    private static boolean mayBeEmpty(Schema schema, Set<String> seen) {
        return switch (schema.getType()) {
            case NULL -> true;
            case FIXED -> schema.getFixedSize() == 0;
            case RECORD -> seen.add(schema.getFullName())
                    && schema.getFields().stream().allMatch(field -> mayBeEmpty(field.schema(), seen));
            default -> false;
        };
    }

    /**
     * Avro's generic data model, with maps that keep the order of the entries on the wire (so JSON output keeps
     * it too) and initial capacities capped, so that a corrupt count cannot allocate much before failing.
     */
    private static final class OrderedGenericData extends GenericData {

        @Override
        public Object newArray(Object old, int size, Schema schema) {
            return super.newArray(old, Math.min(size, MAX_INITIAL_CAPACITY), schema);
        }

        @Override
        public Object newMap(Object old, int size) {
            if (old instanceof LinkedHashMap<?, ?> map) {
                map.clear();
                return map;
            }
            return new LinkedHashMap<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        }
    }
}
