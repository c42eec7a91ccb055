package dev.eventstream.connect.json.converter;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.json.JsonRenderer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * Schemaless JSON in and out, as Kafka's {@code JsonConverter} with {@code schemas.enable=false} does, except that
 * every number is kept exactly and object fields keep their order (see {@link JsonValueReader} for the mapping).
 * Objects are read lazily ({@link dev.eventstream.connect.json.LazyJsonObject}: validated whole, members decoded
 * when read), and values are written with the suite's {@link JsonRenderer}, which writes those exact numbers back
 * digit for digit and untouched parts of a lazy object as the bytes they came from.
 *
 * <p>Like Kafka's: a null or empty value is null (a tombstone stays a tombstone), the JSON {@code null} is null,
 * the schema is always null, and it works as key, value and header converter. Unlike Kafka's: trailing text after
 * the value, invalid UTF-8 and unpaired surrogate escapes are refused, and values beyond the configured size,
 * depth and number length fail with a {@link DataException} naming the limit.
 */
public class JsonConverter implements Converter, HeaderConverter, Versioned {

    private JsonValueReader reader;
    private String kind = "value";

    @Override
    public ConfigDef config() {
        return JsonConverterConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withType = new HashMap<>(configs);
        withType.put(ConverterConfig.TYPE_CONFIG, (isKey ? ConverterType.KEY : ConverterType.VALUE).getName());
        configure(withType);
    }

    /** As a header converter; also the common path (Connect sets {@code converter.type}). */
    @Override
    public void configure(Map<String, ?> configs) {
        JsonConverterConfig config = new JsonConverterConfig(configs);
        this.kind = config.type().getName();
        this.reader = new JsonValueReader(config.maxDepth(), config.maxBytes(), config.maxNumberLength());
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        requireConfigured();
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            return new SchemaAndValue(null, reader.read(value));
        } catch (DataException e) {
            throw new DataException("JSON " + kind + " of topic '" + topic + "' cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return toConnectData(topic, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonRenderer.INSTANCE.toBytes(schema, value);
        } catch (DataException e) {
            throw new DataException("JSON " + kind + " for topic '" + topic + "' cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        return fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        requireConfigured();
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            return new SchemaAndValue(null, reader.read(value));
        } catch (DataException e) {
            throw new DataException("JSON header '" + headerKey + "' of topic '" + topic + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonRenderer.INSTANCE.toBytes(schema, value);
        } catch (DataException e) {
            throw new DataException("JSON header '" + headerKey + "' for topic '" + topic + "' cannot be written: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void close() {
        // nothing to release: the reader holds no resources beyond its Jackson factory
    }

    private void requireConfigured() {
        if (reader == null) {
            throw new IllegalStateException("JsonConverter.configure() has not been called");
        }
    }
}
