package dev.eventstream.connect.common;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The original coordinates of a record: its own, or those in {@code eventstream.source.*} headers when
 * present (re-published by the demux). The event id {@code <topic>-<partition>-<offset>} derived from them
 * is stable end to end, so a receiver can de-duplicate redeliveries.
 *
 * @param topic     original topic, never empty
 * @param partition original partition, {@code >= 0}
 * @param offset    original offset, {@code >= 0}
 */
public record RecordCoordinates(String topic, int partition, long offset) {

    public RecordCoordinates {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
    }

    /**
     * The original coordinates of {@code record}.
     *
     * <p>When all three {@code eventstream.source.topic/partition/offset} headers are present, they win.
     * Header values may be Strings, integral Numbers, or {@code byte[]}/{@link ByteBuffer} holding the UTF-8
     * text of the value. When some but not all three are present, the record's own coordinates are used
     * (the record was not re-published by the demux, which always writes all three).
     *
     * <p>The record's own coordinates are those it had when consumed ({@link SinkRecord#originalTopic()} etc.),
     * unaffected by transforms that rename its topic.
     *
     * @throws DataException when all three headers are present but one is malformed (null, not a number,
     *                       negative, empty topic); the message names the record's own topic/partition/offset
     */
    public static RecordCoordinates of(SinkRecord record) {
        Headers headers = record.headers();
        Header topicHeader = headers.lastWithName(EventStreamHeaders.SOURCE_TOPIC);
        Header partitionHeader = headers.lastWithName(EventStreamHeaders.SOURCE_PARTITION);
        Header offsetHeader = headers.lastWithName(EventStreamHeaders.SOURCE_OFFSET);
        if (topicHeader == null || partitionHeader == null || offsetHeader == null) {
            return own(record);
        }
        // A topic name is text: a number here means a header converter or producer got the headers mixed up.
        String topic = topicHeader.value() instanceof Number ? null : EventStreamHeaders.text(topicHeader.value());
        if (topic == null || topic.isEmpty()) {
            throw malformed(record, EventStreamHeaders.SOURCE_TOPIC, topicHeader.value(), "an empty or null topic");
        }
        long partition = number(record, partitionHeader);
        if (partition > Integer.MAX_VALUE) {
            throw malformed(record, EventStreamHeaders.SOURCE_PARTITION, partitionHeader.value(), "a partition beyond int range");
        }
        long offset = number(record, offsetHeader);
        return new RecordCoordinates(topic, (int) partition, offset);
    }

    /** The record's own (consumed) coordinates, ignoring headers. */
    public static RecordCoordinates own(SinkRecord record) {
        Integer partition = record.originalKafkaPartition();
        if (partition == null) {
            throw new DataException("Record from topic " + record.originalTopic() + " at offset "
                    + record.originalKafkaOffset() + " has no partition");
        }
        return new RecordCoordinates(record.originalTopic(), partition, record.originalKafkaOffset());
    }

    /** {@code <topic>-<partition>-<offset>}. */
    public String eventId() {
        StringBuilder sb = new StringBuilder(topic.length() + 24);
        writeEventId(sb);
        return sb.toString();
    }

    /** Appends {@link #eventId()} to {@code sb} without intermediate strings. */
    public void writeEventId(StringBuilder sb) {
        sb.append(topic).append('-').append(partition).append('-').append(offset);
    }

    /** {@code (topic t, partition p, offset o)}, for error messages. */
    public String describe() {
        return describe(topic, partition, offset);
    }

    /**
     * {@code (topic t, partition p, offset o)} of a record as consumed, for error messages: a sink record's
     * original coordinates, unaffected by transforms that renamed its topic; a source record has no offset
     * yet, and says so.
     */
    public static String describe(ConnectRecord<?> record) {
        if (record instanceof SinkRecord) {
            SinkRecord sink = (SinkRecord) record;
            return describe(sink.originalTopic(), sink.originalKafkaPartition(), sink.originalKafkaOffset());
        }
        return "(topic " + record.topic() + ", partition " + record.kafkaPartition() + ", no offset: source record)";
    }

    @Override
    public String toString() {
        return eventId();
    }

    private static long number(SinkRecord record, Header header) {
        Object value = header.value();
        long parsed;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            parsed = ((Number) value).longValue();
        } else {
            String text = EventStreamHeaders.text(value);
            if (text == null) {
                throw malformed(record, header.key(), value, "a value that is neither an integer nor its text");
            }
            try {
                parsed = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw malformed(record, header.key(), value, "a value that is not an integer");
            }
        }
        if (parsed < 0) {
            throw malformed(record, header.key(), value, "a negative number");
        }
        return parsed;
    }

    private static DataException malformed(SinkRecord record, String header, Object value, String problem) {
        String shown = value instanceof byte[] || value instanceof ByteBuffer ? EventStreamHeaders.text(value) : String.valueOf(value);
        return new DataException("Malformed header " + header + ": '" + shown + "' is " + problem + " "
                + describe(record.originalTopic(), record.originalKafkaPartition(), record.originalKafkaOffset()));
    }

    private static String describe(String topic, Integer partition, long offset) {
        return "(topic " + topic + ", partition " + partition + ", offset " + offset + ")";
    }
}
