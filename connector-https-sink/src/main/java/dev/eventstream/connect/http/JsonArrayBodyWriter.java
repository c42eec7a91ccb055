package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/** {@code [v1,v2,...]} as {@code application/json}. */
final class JsonArrayBodyWriter implements BodyWriter {

    private final ValueWriter values;

    JsonArrayBodyWriter(ValueWriter values) {
        this.values = values;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public void begin(BodyBuffer out) {
        out.write('[');
    }

    @Override
    public void separator(int index, BodyBuffer out) {
        if (index > 0) {
            out.write(',');
        }
    }

    @Override
    public void record(SinkRecord record, CharSequence eventId, JsonGenerator generator) throws IOException {
        values.write(record, generator);
    }

    @Override
    public void end(BodyBuffer out) {
        out.write(']');
    }
}
