package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/**
 * Lays out one request body for a {@code body.format}. The caller renders records one at a time into a
 * {@link BodyBuffer}: {@link #begin}, then per record {@link #separator} (raw bytes, written while the generator's
 * own buffer is empty) and {@link #record} (through the generator, which the caller flushes), then {@link #end}.
 * Implementations are stateless and thread-safe.
 */
interface BodyWriter {

    /** The Content-Type header value. */
    String contentType();

    /** Bytes before the first record. */
    void begin(BodyBuffer out);

    /** Bytes before record number {@code index} (0-based within the body). */
    void separator(int index, BodyBuffer out);

    /** One record, as the body format wants it. */
    void record(SinkRecord record, CharSequence eventId, JsonGenerator generator) throws IOException;

    /** Bytes after the last record. */
    void end(BodyBuffer out);

    static BodyWriter forConfig(HttpsSinkConfig config) {
        ValueWriter values = ValueWriter.forConfig(config);
        switch (config.bodyFormat()) {
            case NDJSON:
                return ValuesBodyWriter.ndjson(values);
            case SINGLE:
                return ValuesBodyWriter.single(values);
            case CLOUDEVENTS:
                return new CloudEventsBodyWriter(CloudEventTypes.forConfig(config), values, config.batchMaxRecords() == 1);
            case JSON_ARRAY:
            default:
                return ValuesBodyWriter.jsonArray(values);
        }
    }
}
