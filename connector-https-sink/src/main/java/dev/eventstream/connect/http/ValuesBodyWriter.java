package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Bodies made of the record values alone, laid out by a few bytes: {@code [v1,v2]} (json_array),
 * {@code v1\nv2\n} (ndjson), or one bare value (single).
 */
final class ValuesBodyWriter implements BodyWriter {

    /** No byte at that place. */
    private static final int NONE = -1;

    private final ValueWriter values;
    private final String contentType;
    private final int prefix;
    private final int separator;
    private final int suffix;

    private ValuesBodyWriter(ValueWriter values, String contentType, int prefix, int separator, int suffix) {
        this.values = values;
        this.contentType = contentType;
        this.prefix = prefix;
        this.separator = separator;
        this.suffix = suffix;
    }

    static ValuesBodyWriter jsonArray(ValueWriter values) {
        return new ValuesBodyWriter(values, "application/json", '[', ',', ']');
    }

    static ValuesBodyWriter ndjson(ValueWriter values) {
        return new ValuesBodyWriter(values, "application/x-ndjson", NONE, '\n', '\n');
    }

    /** One record per body: a second one is a programming error (the batch size is 1). */
    static ValuesBodyWriter single(ValueWriter values) {
        return new ValuesBodyWriter(values, "application/json", NONE, NONE, NONE);
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void begin(BodyBuffer out) {
        write(prefix, out);
    }

    @Override
    public void separator(int index, BodyBuffer out) {
        if (index == 0) {
            return;
        }
        if (separator == NONE) {
            throw new IllegalStateException("body.format=single holds exactly one record");
        }
        out.write(separator);
    }

    @Override
    public void record(SinkRecord record, CharSequence eventId, JsonGenerator generator) throws IOException {
        values.write(record, generator);
    }

    @Override
    public void end(BodyBuffer out) {
        write(suffix, out);
    }

    private static void write(int b, BodyBuffer out) {
        if (b != NONE) {
            out.write(b);
        }
    }
}
