package dev.eventstream.connect.convert;

import dev.eventstream.connect.common.EventStreamVersion;
import dev.eventstream.connect.common.RecordCoordinates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value converter run as a transform, so that it can stand after tenant routing: the connector reads value
 * bytes ({@code value.converter=ByteArrayConverter}), {@code TenantRouter} and the region filter drop other
 * tenants' records while they are still bytes, and only the records this endpoint delivers are parsed, by the
 * converter named in {@code converter} (the suite's JSON converter by default, or its Avro converter, or any
 * other), configured with the {@code converter.*} keys.
 *
 * <p>A tombstone passes through untouched. A value that cannot be converted fails with a {@link DataException}
 * naming the record's topic, partition and offset, so Connect's error handling ({@code errors.tolerance=all})
 * sends it to this connector's DLQ, never another tenant's. The topic given to the converter is the one the
 * record was consumed from, even when an earlier transform renamed it (schema registry subjects and per-topic
 * schemas follow the source topic). Counts records converted and failures as plugin metrics.
 */
public class ConvertValue<R extends ConnectRecord<R>> implements Transformation<R>, Versioned, Monitorable {

    private static final Logger LOG = LoggerFactory.getLogger(ConvertValue.class);
    /** Converters are given the record's value bytes only: Connect headers are not Kafka header bytes. */
    private static final RecordHeaders NO_HEADERS = readOnlyEmptyHeaders();

    private final ConversionMetrics metrics = new ConversionMetrics();
    private Converter converter;

    @Override
    public ConfigDef config() {
        return ConvertValueConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> props) {
        ConvertValueConfig config = new ConvertValueConfig(props);
        Converter created;
        try {
            created = config.converterClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConnectException("Cannot create " + config.converterClass().getName()
                    + " (set by " + ConvertValueConfig.CONVERTER + "): " + e, e);
        }
        created.configure(config.converterSettings(), false);
        this.converter = created;
        LOG.info("ConvertValue converts record values with {}", created.getClass().getName());
    }

    @Override
    public void withPluginMetrics(PluginMetrics pluginMetrics) {
        metrics.register(pluginMetrics);
    }

    @Override
    public R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return record;
        }
        byte[] bytes = bytes(value, record);
        SchemaAndValue converted;
        try {
            converted = converter.toConnectData(sourceTopic(record), NO_HEADERS, bytes);
        } catch (RuntimeException e) {
            metrics.failed();
            throw new DataException("Cannot convert the value of record " + RecordCoordinates.describe(record)
                    + " with " + converter.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        metrics.converted();
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                converted.schema(), converted.value(), record.timestamp(), record.headers());
    }

    private static String sourceTopic(ConnectRecord<?> record) {
        return record instanceof SinkRecord ? ((SinkRecord) record).originalTopic() : record.topic();
    }

    private static byte[] bytes(Object value, ConnectRecord<?> record) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            return copy;
        }
        if (value instanceof String) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        throw new DataException("ConvertValue needs the value of record " + RecordCoordinates.describe(record)
                + " as bytes, got a " + value.getClass().getName() + ": set the connector's value.converter to "
                + "org.apache.kafka.connect.converters.ByteArrayConverter");
    }

    @Override
    public String version() {
        return EventStreamVersion.get();
    }

    @Override
    public void close() {
        if (converter == null) {
            return;
        }
        try {
            converter.close();
        } catch (IOException e) {
            LOG.warn("Closing {} failed: {}", converter.getClass().getName(), e.toString());
        }
        converter = null;
    }

    private static RecordHeaders readOnlyEmptyHeaders() {
        RecordHeaders headers = new RecordHeaders(new Header[0]);
        headers.setReadOnly();
        return headers;
    }
}
