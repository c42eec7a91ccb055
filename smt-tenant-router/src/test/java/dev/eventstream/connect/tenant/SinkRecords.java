package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.EventStreamHeaders;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

/** Builds the sink records the tests feed to transforms and predicates: partition 2, offset 1815 unless set. */
final class SinkRecords {

    static final int PARTITION = 2;
    static final long OFFSET = 1815L;

    private String topic = "voice-callthread";
    private Schema keySchema;
    private Object key;
    private Schema valueSchema;
    private Object value;
    private final Headers headers = new ConnectHeaders();

    private SinkRecords() {
    }

    static SinkRecords on(String topic) {
        SinkRecords records = new SinkRecords();
        records.topic = topic;
        return records;
    }

    /** A record on {@code voice-callthread} with the given tenant header (none when null). */
    static SinkRecord withTenant(Object tenant) {
        SinkRecords records = on("voice-callthread");
        if (tenant != null) {
            records.header(EventStreamHeaders.TENANT, tenant);
        }
        return records.build();
    }

    SinkRecords key(Schema schema, Object key) {
        this.keySchema = schema;
        this.key = key;
        return this;
    }

    SinkRecords key(String key) {
        return key(Schema.OPTIONAL_STRING_SCHEMA, key);
    }

    SinkRecords value(Schema schema, Object value) {
        this.valueSchema = schema;
        this.value = value;
        return this;
    }

    SinkRecords header(String name, Object value) {
        headers.add(name, value, null);
        return this;
    }

    SinkRecord build() {
        return new SinkRecord(topic, PARTITION, keySchema, key, valueSchema, value, OFFSET, 1_700_000_000_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers);
    }
}
