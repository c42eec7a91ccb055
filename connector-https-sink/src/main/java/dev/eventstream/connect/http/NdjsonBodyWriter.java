package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/** One JSON value per line, each line ending in '\n', as {@code application/x-ndjson}. */
final class NdjsonBodyWriter implements BodyWriter {

    private final ValueWriter values;

    NdjsonBodyWriter(ValueWriter values) {
        this.values = values;
    }

    @Override
    public String contentType() {
        return "application/x-ndjson";
    }

    @Override
    public void begin(BodyBuffer out) {
        // nothing before the first line
    }

    @Override
    public void separator(int index, BodyBuffer out) {
        if (index > 0) {
            out.write('\n');
        }
    }

    @Override
    public void record(SinkRecord record, CharSequence eventId, JsonGenerator generator) throws IOException {
        values.write(record, generator);
    }

    @Override
    public void end(BodyBuffer out) {
        out.write('\n');
    }
}
