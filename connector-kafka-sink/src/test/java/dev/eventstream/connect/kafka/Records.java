package dev.eventstream.connect.kafka;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;

/** A factory of sink records for tests. */
final class Records {

    static final long TIMESTAMP = 1_790_000_000_000L;

    private Records() {
    }

    static SinkRecord json(String topic, int partition, long offset, String key, Object value) {
        return record(topic, partition, offset, Schema.OPTIONAL_STRING_SCHEMA, key, null, value, new ConnectHeaders());
    }

    static SinkRecord bytes(String topic, int partition, long offset, byte[] key, byte[] value) {
        return record(topic, partition, offset, Schema.OPTIONAL_BYTES_SCHEMA, key, Schema.OPTIONAL_BYTES_SCHEMA, value,
                new ConnectHeaders());
    }

    static SinkRecord record(String topic, int partition, long offset, Schema keySchema, Object key, Schema valueSchema,
                             Object value, Headers headers) {
        return new SinkRecord(topic, partition, keySchema, key, valueSchema, value, offset, TIMESTAMP,
                TimestampType.CREATE_TIME, headers);
    }

    static SinkRecord withTenant(SinkRecord record, String tenant) {
        record.headers().addString("eventstream.tenant", tenant);
        return record;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
