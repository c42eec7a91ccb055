package dev.eventstream.connect.filter;

import dev.eventstream.connect.common.RecordCoordinates;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/** Where a record came from, for error messages. */
final class RecordLocation {

    private RecordLocation() {
    }

    /**
     * {@code (topic t, partition p, offset o)}: a sink record's coordinates as consumed (unaffected by transforms
     * that renamed its topic); a source record has no offset yet, and says so.
     */
    static String describe(ConnectRecord<?> record) {
        if (record instanceof SinkRecord) {
            SinkRecord sink = (SinkRecord) record;
            if (sink.originalKafkaPartition() != null && sink.originalTopic() != null && !sink.originalTopic().isEmpty()
                    && sink.originalKafkaOffset() >= 0) {
                return RecordCoordinates.own(sink).describe();
            }
            return "(topic " + sink.originalTopic() + ", partition " + sink.originalKafkaPartition() + ", offset "
                    + sink.originalKafkaOffset() + ")";
        }
        return "(topic " + record.topic() + ", partition " + record.kafkaPartition() + ", no offset: source record)";
    }
}
