package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/** {@code [v1,v2,...]} as {@code application/json}. */
final class JsonArrayBodyWriter implements BodyWriter {

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
        JsonRenderer.INSTANCE.write(record.valueSchema(), record.value(), generator);
    }

    @Override
    public void end(BodyBuffer out) {
        out.write(']');
    }
}
