package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/** One record per request: the body is the record's value, as {@code application/json}. */
final class SingleBodyWriter implements BodyWriter {

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
        JsonRenderer.INSTANCE.write(record.valueSchema(), record.value(), generator);
    }

    @Override
    public void end(BodyBuffer out) {
        // nothing after the value
    }
}
