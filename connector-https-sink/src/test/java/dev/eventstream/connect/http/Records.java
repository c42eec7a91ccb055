package dev.eventstream.connect.http;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/** Record factory for unit tests. */
final class Records {

    static final Schema EVENT_SCHEMA = SchemaBuilder.struct().name("Event")
            .field("id", Schema.STRING_SCHEMA)
            .field("n", Schema.INT64_SCHEMA)
            .build();

    private Records() {
    }

    static SinkRecord map(String topic, int partition, long offset, String id) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("n", offset);
        return new SinkRecord(topic, partition, null, null, null, value, offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    static SinkRecord struct(String topic, int partition, long offset, String id) {
        Struct value = new Struct(EVENT_SCHEMA).put("id", id).put("n", offset);
        return new SinkRecord(topic, partition, null, null, EVENT_SCHEMA, value, offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    static SinkRecord tombstone(String topic, int partition, long offset) {
        return new SinkRecord(topic, partition, null, "k", null, null, offset);
    }

    static SinkRecord skippedTombstone() {
        return new SinkRecord("voice", 2, null, "k", null, null, 8);
    }

    static SinkRecord raw(String topic, int partition, long offset, Object value) {
        return new SinkRecord(topic, partition, null, null, null, value, offset);
    }

    static Map<String, String> config(String url) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", "test");
        props.put(HttpsSinkConfig.HTTP_URL, url);
        return props;
    }
}
