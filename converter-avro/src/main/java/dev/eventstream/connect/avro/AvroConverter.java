package dev.eventstream.connect.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import dev.eventstream.connect.common.EventStreamVersion;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avro in, Connect data out. Reads Confluent-framed Avro (magic byte 0, 4-byte big-endian schema id) with the
 * writer schema from a Confluent-compatible registry, or plain Avro with a local reader schema per topic, and
 * resolves writer against reader schema when both are known. Every failure of a record itself is a
 * {@link DataException} naming the topic and the cause; Connect's error handling adds partition and offset
 * (DLQ headers {@code __connect.errors.partition} / {@code __connect.errors.offset}). A schema registry that does not
 * answer is a {@link RetriableException}: the record is fine, and Connect retries it for errors.retry.timeout.
 *
 * <p>{@code fromConnectData} writes Avro binary: Confluent-framed with the original schema id when the Connect
 * schema came from a registry schema read by this converter, plain otherwise (with the topic's local schema if
 * one is configured, else an Avro schema derived from the Connect schema).
 */
public class AvroConverter implements Converter, Versioned {

    private static final Logger log = LoggerFactory.getLogger(AvroConverter.class);

    private boolean isKey;
    private SchemaRegistryClient registry;
    private LocalSchemas local;
    private AvroRecordDecoder decoder;
    private Cache<org.apache.kafka.connect.data.Schema, Schema> derivedSchemas;
    private Cache<Schema, GenericDatumWriter<Object>> writers;
    private BinaryEncoder reusableEncoder;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroConverterConfig config = new AvroConverterConfig(configs);
        this.isKey = isKey;
        this.registry = config.registryConfigured() ? new SchemaRegistryClient(config) : null;
        this.local = LocalSchemas.load(config);
        this.decoder = new AvroRecordDecoder(config.inputFormat(), registry, local, config.schemaCacheSize());
        this.derivedSchemas = Caches.lru(config.schemaCacheSize());
        this.writers = Caches.lru(config.schemaCacheSize());
        log.info("AvroConverter configured for record {}s: input.format={}, registry={}, {} local named type(s), "
                        + "{} topic schema(s)", isKey ? "key" : "value", config.inputFormat(),
                config.registryConfigured() ? config.redactedRegistryUrls() : "none",
                local.namedTypes(), config.topicSchemas().size());
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public ConfigDef config() {
        return AvroConverterConfig.configDef();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return toConnectData(topic, null, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        requireConfigured();
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            return decoder.decode(topic, value);
        } catch (SchemaRegistryUnavailableException e) {
            // not the record's fault: Connect retries it (errors.retry.timeout) instead of sending it to the DLQ
            throw new RetriableException("Avro " + kind() + " of topic '" + topic + "' cannot be read until the "
                    + "schema registry answers: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DataException("Avro " + kind() + " of topic '" + topic + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromConnectData(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
        return fromConnectData(topic, null, schema, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, org.apache.kafka.connect.data.Schema schema,
                                  Object value) {
        requireConfigured();
        if (value == null) {
            return null;
        }
        if (schema == null) {
            throw new DataException("Avro " + kind() + " for topic '" + topic + "' cannot be written without a "
                    + "Connect schema (schemaless data has no Avro equivalent)");
        }
        try {
            Schema avro = writerSchema(topic, schema);
            Integer id = registry == null ? null : registry.idOf(avro);
            Object datum = ConnectToAvro.avroValue(avro, schema, value);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            if (id != null) {
                out.write(AvroRecordDecoder.MAGIC_BYTE);
                out.write(id >>> 24);
                out.write(id >>> 16);
                out.write(id >>> 8);
                out.write(id);
            }
            synchronized (this) {
                reusableEncoder = EncoderFactory.get().binaryEncoder(out, reusableEncoder);
                Caches.computeIfAbsent(writers, avro, s -> new GenericDatumWriter<>(s, new GenericData()))
                        .write(datum, reusableEncoder);
                reusableEncoder.flush();
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new DataException("Avro " + kind() + " for topic '" + topic + "' cannot be written: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The Avro schema to write a Connect schema with: the Avro schema it was read from by this converter, else the
     * topic's local schema, else one derived from the Connect schema.
     */
    private Schema writerSchema(String topic, org.apache.kafka.connect.data.Schema schema) {
        Schema origin = decoder.originOf(schema);
        if (origin != null) {
            return origin;
        }
        Schema topicSchema = local.forTopic(topic);
        if (topicSchema != null) {
            return topicSchema;
        }
        return Caches.computeIfAbsent(derivedSchemas, schema, ConnectToAvro::avroSchema);
    }

    @Override
    public void close() {
        if (decoder != null) {
            decoder.clear();
        }
        // Kafka's Cache has no clear: dropping the caches releases what they hold; configure() makes new ones
        derivedSchemas = null;
        writers = null;
    }

    private String kind() {
        return isKey ? "key" : "value";
    }

    private void requireConfigured() {
        if (decoder == null) {
            throw new IllegalStateException("AvroConverter.configure() has not been called");
        }
    }
}
