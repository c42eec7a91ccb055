package dev.eventstream.connect.tenant;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record came from, for error messages: {@code (topic t, partition p, offset o)}. */
public final class RecordDescriptions {

    private RecordDescriptions() {
    }

    /**
     * The record's coordinates as consumed (a sink record's original topic, partition and offset, unaffected by
     * transforms that renamed it); a source record has no offset, and says so.
     */
    public static String coordinates(ConnectRecord<?> record) {
        if (record instanceof SinkRecord) {
            SinkRecord sink = (SinkRecord) record;
            return "(topic " + sink.originalTopic() + ", partition " + sink.originalKafkaPartition()
                    + ", offset " + sink.originalKafkaOffset() + ")";
        }
        return "(topic " + record.topic() + ", partition " + record.kafkaPartition() + ", no offset: source record)";
    }
}
