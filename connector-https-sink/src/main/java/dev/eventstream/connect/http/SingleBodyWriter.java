package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/** One record per request: the body is the record's value, as {@code application/json}. */
final class SingleBodyWriter implements BodyWriter {

    private final ValueWriter values;

    SingleBodyWriter(ValueWriter values) {
        this.values = values;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public void begin(BodyBuffer out) {
        // the value is the whole body
    }

    @Override
    public void separator(int index, BodyBuffer out) {
        if (index > 0) {
            throw new IllegalStateException("body.format=single holds exactly one record");
        }
    }

    @Override
    public void record(SinkRecord record, CharSequence eventId, JsonGenerator generator) throws IOException {
        values.write(record, generator);
    }

    @Override
    public void end(BodyBuffer out) {
        // nothing after the value
    }
}
