package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.json.JsonRenderer;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.util.Date;

/**
 * CloudEvents 1.0 structured JSON. A batch is a JSON array of events ({@code application/cloudevents-batch+json});
 * with one record per request, the body is the event itself ({@code application/cloudevents+json}).
 * {@code id} is the event id ({@code <topic>-<partition>-<offset>} of the original record), {@code source} the
 * topic, {@code type} from {@link CloudEventTypes}, {@code time} the record timestamp when it has one, and
 * {@code data} the rendered value (absent for a delivered tombstone).
 */
final class CloudEventsBodyWriter implements BodyWriter {

    private final CloudEventTypes types;
    private final ValueWriter values;
    private final boolean single;
    private final ThreadLocal<char[]> idChars = ThreadLocal.withInitial(() -> new char[128]);

    CloudEventsBodyWriter(CloudEventTypes types, ValueWriter values, boolean single) {
        this.types = types;
        this.values = values;
        this.single = single;
    }

    @Override
    public String contentType() {
        return single ? "application/cloudevents+json" : "application/cloudevents-batch+json";
    }

    @Override
    public void begin(BodyBuffer out) {
        if (!single) {
            out.write('[');
        }
    }

    @Override
    public void separator(int index, BodyBuffer out) {
        if (index > 0) {
            if (single) {
                throw new IllegalStateException("a single CloudEvents body holds exactly one event");
            }
            out.write(',');
        }
    }

    @Override
    public void record(SinkRecord record, CharSequence eventId, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("specversion", "1.0");
        g.writeFieldName("id");
        writeChars(eventId, g);
        g.writeStringField("source", record.topic());
        g.writeStringField("type", types.typeOf(record));
        if (record.timestamp() != null) {
            g.writeFieldName("time");
            JsonRenderer.INSTANCE.write(Timestamp.SCHEMA, new Date(record.timestamp()), g);
        }
        if (record.value() != null) {
            g.writeStringField("datacontenttype", "application/json");
            g.writeFieldName("data");
            values.write(record, g);
        }
        g.writeEndObject();
    }

    @Override
    public void end(BodyBuffer out) {
        if (!single) {
            out.write(']');
        }
    }

    private void writeChars(CharSequence text, JsonGenerator g) throws IOException {
        char[] buf = idChars.get();
        if (buf.length < text.length()) {
            buf = new char[text.length() * 2];
            idChars.set(buf);
        }
        for (int i = 0; i < text.length(); i++) {
            buf[i] = text.charAt(i);
        }
        g.writeString(buf, 0, text.length());
    }
}
