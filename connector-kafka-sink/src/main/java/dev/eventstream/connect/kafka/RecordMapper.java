package dev.eventstream.connect.kafka;

import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.common.PlaceholderTemplate;
import dev.eventstream.connect.common.RecordCoordinates;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a sink record into the record written to the target: topic from the template, key and value as bytes
 * ({@code value.format}), forwarded headers plus the original coordinates, and the record's timestamp. The
 * partition is left to the producer's default partitioner, which hashes the key, so per-key order holds on the
 * target. Used by the task thread only.
 *
 * <ul>
 *   <li>{@code json}: the value is rendered by {@link JsonRenderer}. The key: {@code byte[]} as is, a String as its
 *       UTF-8 bytes, anything else (Struct, Map, numbers...) rendered as JSON.</li>
 *   <li>{@code passthrough}: key and value must be bytes (ByteArrayConverter), written as they are. A String key
 *       (StringConverter) is written as its UTF-8 bytes, which are the original bytes only if those were UTF-8: a
 *       key holding U+FFFD, the decoder's stand-in for other bytes, is refused rather than altered.</li>
 * </ul>
 * A record that cannot be mapped is a {@link DataException} naming its topic, partition and offset.
 */
final class RecordMapper {

    private static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** What StringConverter's UTF-8 decoding puts in place of bytes that are not UTF-8: the original is lost. */
    private static final char UNDECODABLE = '\uFFFD';

    private final PlaceholderTemplate topicTemplate;
    private final boolean tenantInTopic;
    private final KafkaSinkConfig.ValueFormat format;
    private final HeaderFilter headerFilter;
    /** Target topic by record topic, for templates without ${tenant}. */
    private final Map<String, String> topicCache = new HashMap<>();

    RecordMapper(KafkaSinkConfig config) {
        this.topicTemplate = config.topicTemplate();
        this.tenantInTopic = topicTemplate.has("tenant");
        this.format = config.valueFormat();
        this.headerFilter = config.headerFilter();
    }

    /** The target record of {@code record}. */
    ProducerRecord<byte[], byte[]> map(SinkRecord record) {
        String topic = targetTopic(record);
        byte[] key = key(record);
        byte[] value = value(record);
        RecordHeaders headers = headers(record);
        Long timestamp = record.timestamp() != null && record.timestamp() >= 0 ? record.timestamp() : null;
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }

    String targetTopic(SinkRecord record) {
        if (!tenantInTopic) {
            String cached = topicCache.get(record.topic());
            if (cached == null) {
                cached = topicTemplate.render(name -> record.topic());
                topicCache.put(record.topic(), cached);
            }
            return cached;
        }
        String tenant = EventStreamHeaders.tenant(record.headers());
        if (tenant == null || tenant.isEmpty()) {
            throw new DataException("target.topic '" + topicTemplate + "' needs the tenant, but the record has no "
                    + EventStreamHeaders.TENANT + " header (set by TenantRouter) " + RecordCoordinates.describe(record));
        }
        return topicTemplate.render(name -> "tenant".equals(name) ? tenant : record.topic());
    }

    private byte[] key(SinkRecord record) {
        Object key = record.key();
        if (key == null) {
            return null;
        }
        if (key instanceof byte[]) {
            return (byte[]) key;
        }
        if (key instanceof ByteBuffer) {
            return bytes((ByteBuffer) key);
        }
        if (key instanceof String) {
            if (format == KafkaSinkConfig.ValueFormat.PASSTHROUGH && ((String) key).indexOf(UNDECODABLE) >= 0) {
                throw new DataException("value.format=passthrough writes keys byte for byte, but this key was not "
                        + "UTF-8 text and StringConverter replaced its bytes (U+FFFD): use key.converter="
                        + BYTE_ARRAY_CONVERTER + ", from whose keys TenantRouter reads the tenant too "
                        + RecordCoordinates.describe(record));
            }
            return ((String) key).getBytes(StandardCharsets.UTF_8);
        }
        if (format == KafkaSinkConfig.ValueFormat.PASSTHROUGH) {
            throw new DataException("value.format=passthrough writes keys as they were read, but this key is a "
                    + key.getClass().getSimpleName() + ": use key.converter=" + BYTE_ARRAY_CONVERTER
                    + " (or StringConverter) " + RecordCoordinates.describe(record));
        }
        return render(record.keySchema(), key, "key", record);
    }

    private byte[] value(SinkRecord record) {
        Object value = record.value();
        if (value == null) {
            return null;
        }
        if (format == KafkaSinkConfig.ValueFormat.PASSTHROUGH) {
            if (value instanceof byte[]) {
                return (byte[]) value;
            }
            if (value instanceof ByteBuffer) {
                return bytes((ByteBuffer) value);
            }
            throw new DataException("value.format=passthrough writes values as they were read, but this value is a "
                    + value.getClass().getSimpleName() + ": use value.converter=" + BYTE_ARRAY_CONVERTER + " "
                    + RecordCoordinates.describe(record));
        }
        return render(record.valueSchema(), value, "value", record);
    }

    private static byte[] render(Schema schema, Object data, String what, SinkRecord record) {
        try {
            return JsonRenderer.INSTANCE.toBytes(schema, data);
        } catch (DataException e) {
            throw new DataException("Cannot render the " + what + " as JSON: " + e.getMessage() + " "
                    + RecordCoordinates.describe(record), e);
        }
    }

    private RecordHeaders headers(SinkRecord record) {
        RecordCoordinates coordinates = RecordCoordinates.of(record);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (headerFilter.forwards(header.key())) {
                headers.add(header.key(), headerBytes(header));
            }
        }
        headers.add(EventStreamHeaders.SOURCE_TOPIC, coordinates.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(EventStreamHeaders.SOURCE_PARTITION,
                Integer.toString(coordinates.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(EventStreamHeaders.SOURCE_OFFSET, Long.toString(coordinates.offset()).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** Bytes as they are, Strings as UTF-8, other values as their Connect string form (as SimpleHeaderConverter writes them). */
    static byte[] headerBytes(Header header) {
        Object value = header.value();
        if (value == null) {
            return null;
        }
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer) {
            return bytes((ByteBuffer) value);
        }
        if (value instanceof String) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        return Values.convertToString(header.schema(), value).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
